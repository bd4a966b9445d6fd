import { updateStaffRoute } from '../../shared/api/routes/staff';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { updateStaff } from '../../shared/store/staff';

// updateStaff checks the caller may change this person, before and after (R-ACC-3).
export const handler = httpHandler(updateStaffRoute, async ({ params, body, actor }) => ({
  body: await updateStaff(store(), params.staffId, body, actor),
}));
