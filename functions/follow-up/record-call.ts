import { recordCall } from '../../shared/follow-up/actions/calls';
import { recordCallRoute } from '../../shared/follow-up/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-FUP-4, R-FUP-6: a call into the call register, with the duties it completes and raises. */
export const handler = httpHandler(recordCallRoute, async ({ params, body, actor, idempotency }) => ({
  body: await recordCall(store(), params.branchId, body, actor, idempotency),
}));
