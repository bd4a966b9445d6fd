import { recordPaymentRoute } from '../../shared/api/routes/order-completion';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { recordPayment } from '../../shared/store/order-completion';

export const handler = httpHandler(recordPaymentRoute, async ({ params, body, actor }) => ({
  body: await recordPayment(store(), params.branchId, params.orderId, body, actor),
}));
