import { recordCallRoute } from '../../shared/api/routes/follow-up';
import { httpHandler } from '../../shared/middleware/http';
import { recordCall } from '../../shared/store/calls';
import { store } from '../../shared/store/client';

/** R-FUP-4, R-FUP-6: a call into the call register, with the duties it completes and raises. */
export const handler = httpHandler(recordCallRoute, async ({ params, body, actor, idempotency }) => ({
  body: await recordCall(store(), params.branchId, body, actor, idempotency),
}));
