import { raiseAddOnRoute } from '../../shared/api/routes/order-completion';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { raiseAddOn } from '../../shared/store/order-completion';

export const handler = httpHandler(raiseAddOnRoute, async ({ params, body, actor }) => ({
  body: await raiseAddOn(store(), params.branchId, params.orderId, body, actor),
}));
