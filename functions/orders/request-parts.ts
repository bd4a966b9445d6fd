import { requestPartsRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { requestParts } from '../../shared/store/order-actions';

export const handler = httpHandler(requestPartsRoute, async ({ params, body, actor }) => ({
  body: await requestParts(store(), params, body, actor),
}));
