import { cancelOrder } from '../../shared/orders/actions/order';
import { cancelOrderRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(cancelOrderRoute, async ({ params, body, actor }) => ({
  body: await cancelOrder(store(), params, body, actor),
}));
