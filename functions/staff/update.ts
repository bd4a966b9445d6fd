import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { updateStaff } from '../../shared/staff/actions';
import { updateStaffRoute } from '../../shared/staff/routes';

// updateStaff checks the caller may change this person, before and after (R-ACC-3).
export const handler = httpHandler(updateStaffRoute, async ({ params, body, actor }) => ({
  body: await updateStaff(store(), params.staffId, body, actor),
}));
