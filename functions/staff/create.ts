import { createStaffRoute } from '../../shared/api/routes/staff';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { createStaff } from '../../shared/store/staff';

// createStaff checks that the caller may place the person at those branches (R-ACC-3).
export const handler = httpHandler(createStaffRoute, async ({ body, actor, idempotency }) => ({
  body: await createStaff(store(), body, actor, idempotency),
}));
