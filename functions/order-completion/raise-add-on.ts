import { raiseAddOn } from '../../shared/orders/actions/completion';
import { raiseAddOnRoute } from '../../shared/orders/routes/completion';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(raiseAddOnRoute, async ({ params, body, actor }) => ({
  body: await raiseAddOn(store(), params.branchId, params.orderId, body, actor),
}));
