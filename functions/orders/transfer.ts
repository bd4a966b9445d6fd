import { transferOrder } from '../../shared/orders/actions/order';
import { transferOrderRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(transferOrderRoute, async ({ params, body, actor }) => ({
  body: await transferOrder(store(), params, body, actor),
}));
