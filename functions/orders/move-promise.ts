import { movePromise } from '../../shared/orders/actions/order';
import { movePromiseRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(movePromiseRoute, async ({ params, body, actor }) => ({
  body: await movePromise(store(), params, body, actor),
}));
