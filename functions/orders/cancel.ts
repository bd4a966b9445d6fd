import { cancelOrderRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { cancelOrder } from '../../shared/store/order-actions';

export const handler = httpHandler(cancelOrderRoute, async ({ params, body, actor }) => ({
  body: await cancelOrder(store(), params, body, actor),
}));
