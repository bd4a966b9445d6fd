import { declineOrderRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { declineOrder } from '../../shared/store/order-actions';

export const handler = httpHandler(declineOrderRoute, async ({ params, body, actor }) => ({
  body: await declineOrder(store(), params, body, actor),
}));
