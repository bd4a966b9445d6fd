import { failInspection } from '../../shared/orders/actions/completion';
import { failInspectionRoute } from '../../shared/orders/routes/completion';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(failInspectionRoute, async ({ params, body, actor }) => ({
  body: await failInspection(store(), params.branchId, params.orderId, body, actor),
}));
