import { getBranchRoute } from '../../shared/api/routes/branches';
import { httpHandler } from '../../shared/middleware/http';
import { getBranch } from '../../shared/store/branches';
import { store } from '../../shared/store/client';

export const handler = httpHandler(getBranchRoute, async ({ params }) => ({
  body: await getBranch(store(), params.branchId),
}));
