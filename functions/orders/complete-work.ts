import { completeWorkRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { completeWork } from '../../shared/store/order-actions';

export const handler = httpHandler(completeWorkRoute, async ({ params, body, actor }) => ({
  body: await completeWork(store(), params, body, actor),
}));
