import { reviseOrder } from '../../shared/orders/actions/order';
import { reviseOrderRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(reviseOrderRoute, async ({ params, body, actor }) => ({
  body: await reviseOrder(store(), params, body, actor),
}));
