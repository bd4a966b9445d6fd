import { getOrderRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { getOrder } from '../../shared/store/orders';

export const handler = httpHandler(getOrderRoute, async ({ params }) => ({
  body: await getOrder(store(), params.branchId, params.orderId),
}));
