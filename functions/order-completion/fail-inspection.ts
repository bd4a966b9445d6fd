import { failInspectionRoute } from '../../shared/api/routes/order-completion';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { failInspection } from '../../shared/store/order-completion';

export const handler = httpHandler(failInspectionRoute, async ({ params, body, actor }) => ({
  body: await failInspection(store(), params.branchId, params.orderId, body, actor),
}));
