import { updateBranchRoute } from '../../shared/api/routes/branches';
import { httpHandler } from '../../shared/middleware/http';
import { updateBranch } from '../../shared/store/branches';
import { store } from '../../shared/store/client';

export const handler = httpHandler(updateBranchRoute, async ({ params, body, actor }) => ({
  body: await updateBranch(store(), params.branchId, body, actor),
}));
