import { settleRoute } from '../../shared/api/routes/order-completion';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { settle } from '../../shared/store/order-completion';

export const handler = httpHandler(settleRoute, async ({ params, body, actor }) => ({
  body: await settle(store(), params.branchId, params.orderId, body, actor),
}));
