import { createOrderRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { createOrder } from '../../shared/store/order-actions';

export const handler = httpHandler(createOrderRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createOrder(store(), params.branchId, body, actor, idempotency),
}));
