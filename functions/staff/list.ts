import { listBranchStaffRoute } from '../../shared/api/routes/staff';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { listBranchStaff } from '../../shared/store/staff';

// The middleware has checked the caller works at {branchId} (R-ACC-3).
export const handler = httpHandler(listBranchStaffRoute, async ({ params, query }) => ({
  body: await listBranchStaff(store(), params.branchId, { limit: query.limit, cursor: query.cursor }),
}));
