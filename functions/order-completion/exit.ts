import { exitOrder } from '../../shared/orders/actions/completion';
import { exitRoute } from '../../shared/orders/routes/completion';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(exitRoute, async ({ params, body, actor }) => ({
  body: await exitOrder(store(), params.branchId, params.orderId, body, actor),
}));
