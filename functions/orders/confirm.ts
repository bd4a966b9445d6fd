import { confirmOrderRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { confirmOrder } from '../../shared/store/order-actions';

export const handler = httpHandler(confirmOrderRoute, async ({ params, body, actor }) => ({
  body: await confirmOrder(store(), params, body, actor),
}));
