import { preparePickupRoute } from '../../shared/api/routes/order-completion';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { preparePickup } from '../../shared/store/order-completion';

export const handler = httpHandler(preparePickupRoute, async ({ params, body, actor }) => ({
  body: await preparePickup(store(), params.branchId, params.orderId, body, actor),
}));
