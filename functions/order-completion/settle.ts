import { settle } from '../../shared/orders/actions/completion';
import { settleRoute } from '../../shared/orders/routes/completion';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(settleRoute, async ({ params, body, actor }) => ({
  body: await settle(store(), params.branchId, params.orderId, body, actor),
}));
