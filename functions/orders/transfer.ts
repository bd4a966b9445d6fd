import { transferOrderRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { transferOrder } from '../../shared/store/order-actions';

export const handler = httpHandler(transferOrderRoute, async ({ params, body, actor }) => ({
  body: await transferOrder(store(), params, body, actor),
}));
