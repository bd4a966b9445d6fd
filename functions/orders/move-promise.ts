import { movePromiseRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { movePromise } from '../../shared/store/order-actions';

export const handler = httpHandler(movePromiseRoute, async ({ params, body, actor }) => ({
  body: await movePromise(store(), params, body, actor),
}));
