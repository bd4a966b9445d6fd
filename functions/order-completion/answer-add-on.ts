import { answerAddOnRoute } from '../../shared/api/routes/order-completion';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { answerAddOn } from '../../shared/store/order-completion';

export const handler = httpHandler(answerAddOnRoute, async ({ params, body, actor }) => ({
  body: await answerAddOn(store(), params.branchId, params.orderId, body, actor),
}));
