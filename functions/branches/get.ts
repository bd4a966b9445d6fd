import { getBranchRoute } from '../../shared/branches/routes';
import { getBranch } from '../../shared/branches/store';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(getBranchRoute, async ({ params }) => ({
  body: await getBranch(store(), params.branchId),
}));
