import { requestParts } from '../../shared/orders/actions/order';
import { requestPartsRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(requestPartsRoute, async ({ params, body, actor }) => ({
  body: await requestParts(store(), params, body, actor),
}));
