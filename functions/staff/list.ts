import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { listBranchStaffRoute } from '../../shared/staff/routes';
import { listBranchStaff } from '../../shared/staff/store';

// The middleware has checked the caller works at {branchId} (R-ACC-3).
export const handler = httpHandler(listBranchStaffRoute, async ({ params, query }) => ({
  body: await listBranchStaff(store(), params.branchId, { limit: query.limit, cursor: query.cursor }),
}));
