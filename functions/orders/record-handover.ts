import { recordHandoverRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { recordHandover } from '../../shared/store/order-actions';

export const handler = httpHandler(recordHandoverRoute, async ({ params, body, actor }) => ({
  body: await recordHandover(store(), params, body, actor),
}));
