import { declineOrder } from '../../shared/orders/actions/order';
import { declineOrderRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(declineOrderRoute, async ({ params, body, actor }) => ({
  body: await declineOrder(store(), params, body, actor),
}));
