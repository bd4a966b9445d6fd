import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { createStaff } from '../../shared/staff/actions';
import { createStaffRoute } from '../../shared/staff/routes';

// createStaff checks that the caller may place the person at those branches (R-ACC-3).
export const handler = httpHandler(createStaffRoute, async ({ body, actor, idempotency }) => ({
  body: await createStaff(store(), body, actor, idempotency),
}));
