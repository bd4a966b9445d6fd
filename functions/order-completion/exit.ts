import { exitRoute } from '../../shared/api/routes/order-completion';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { exitOrder } from '../../shared/store/order-completion';

export const handler = httpHandler(exitRoute, async ({ params, body, actor }) => ({
  body: await exitOrder(store(), params.branchId, params.orderId, body, actor),
}));
