import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { getStaffRoute } from '../../shared/staff/routes';
import { authorizeStaffRead } from '../../shared/staff/rules';
import { getStaff } from '../../shared/staff/store';

export const handler = httpHandler(getStaffRoute, async ({ params, actor }) => {
  const person = await getStaff(store(), params.staffId);
  // Branch staff read only people who share a branch with them (R-ACC-3).
  authorizeStaffRead(actor, person);
  return { body: person };
});
