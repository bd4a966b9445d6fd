import { getStaffRoute } from '../../shared/api/routes/staff';
import { authorizeStaffRead } from '../../shared/domain/staff-rules';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { getStaff } from '../../shared/store/staff';

export const handler = httpHandler(getStaffRoute, async ({ params, actor }) => {
  const person = await getStaff(store(), params.staffId);
  // Branch staff read only people who share a branch with them (R-ACC-3).
  authorizeStaffRead(actor, person);
  return { body: person };
});
