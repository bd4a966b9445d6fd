import { recordPayment } from '../../shared/orders/actions/completion';
import { recordPaymentRoute } from '../../shared/orders/routes/completion';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(recordPaymentRoute, async ({ params, body, actor }) => ({
  body: await recordPayment(store(), params.branchId, params.orderId, body, actor),
}));
