import { deliverPartsRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { deliverParts } from '../../shared/store/order-actions';

export const handler = httpHandler(deliverPartsRoute, async ({ params, body, actor }) => ({
  body: await deliverParts(store(), params, body, actor),
}));
