import { recordHandover } from '../../shared/orders/actions/order';
import { recordHandoverRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(recordHandoverRoute, async ({ params, body, actor }) => ({
  body: await recordHandover(store(), params, body, actor),
}));
