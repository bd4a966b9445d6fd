import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { clock } from '../../shared/platform/ports/clock';
import { answerAddOnByLink } from '../../shared/self-service/actions/public';
import { answerAddOnByLinkRoute } from '../../shared/self-service/routes/links';

/** R-ADD-2, R-SELF-1: the customer answers one add-on item through their link. */
export const handler = httpHandler(answerAddOnByLinkRoute, async ({ link, params, body }) => ({
  body: await answerAddOnByLink(
    store(),
    { token: link?.token, sourceIp: link?.sourceIp, now: clock().now() },
    { addOnId: params.addOnId, decision: body.decision },
  ),
  headers: { 'cache-control': 'no-store' },
}));
