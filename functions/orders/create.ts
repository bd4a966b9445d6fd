import { createOrder } from '../../shared/orders/actions/order';
import { createOrderRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(createOrderRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createOrder(store(), params.branchId, body, actor, idempotency),
}));
