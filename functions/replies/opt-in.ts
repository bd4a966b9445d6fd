import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { optPhoneBackIn } from '../../shared/replies/actions';
import { smsOptInRoute } from '../../shared/replies/routes';

/** R-SELF-3: an opted-out phone back in, only with the customer's recorded consent. */
export const handler = httpHandler(smsOptInRoute, async ({ params, body, actor }) => ({
  body: await optPhoneBackIn(store(), params.branchId, body, actor),
}));
