import { deliverParts } from '../../shared/orders/actions/order';
import { deliverPartsRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(deliverPartsRoute, async ({ params, body, actor }) => ({
  body: await deliverParts(store(), params, body, actor),
}));
