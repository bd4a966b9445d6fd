import { getOrderRoute } from '../../shared/orders/routes/orders';
import { getOrder } from '../../shared/orders/store/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(getOrderRoute, async ({ params }) => ({
  body: await getOrder(store(), params.branchId, params.orderId),
}));
