import { completeWork } from '../../shared/orders/actions/order';
import { completeWorkRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(completeWorkRoute, async ({ params, body, actor }) => ({
  body: await completeWork(store(), params, body, actor),
}));
