import { confirmOrder } from '../../shared/orders/actions/order';
import { confirmOrderRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(confirmOrderRoute, async ({ params, body, actor }) => ({
  body: await confirmOrder(store(), params, body, actor),
}));
