import { updateBranch } from '../../shared/branches/actions';
import { updateBranchRoute } from '../../shared/branches/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(updateBranchRoute, async ({ params, body, actor }) => ({
  body: await updateBranch(store(), params.branchId, body, actor),
}));
