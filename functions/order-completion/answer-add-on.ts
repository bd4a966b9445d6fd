import { answerAddOn } from '../../shared/orders/actions/completion';
import { answerAddOnRoute } from '../../shared/orders/routes/completion';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(answerAddOnRoute, async ({ params, body, actor }) => ({
  body: await answerAddOn(store(), params.branchId, params.orderId, body, actor),
}));
