import { reviseOrderRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { reviseOrder } from '../../shared/store/order-actions';

export const handler = httpHandler(reviseOrderRoute, async ({ params, body, actor }) => ({
  body: await reviseOrder(store(), params, body, actor),
}));
