import { preparePickup } from '../../shared/orders/actions/completion';
import { preparePickupRoute } from '../../shared/orders/routes/completion';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(preparePickupRoute, async ({ params, body, actor }) => ({
  body: await preparePickup(store(), params.branchId, params.orderId, body, actor),
}));
