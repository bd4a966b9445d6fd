import { passInspectionRoute } from '../../shared/api/routes/order-completion';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { passInspection } from '../../shared/store/order-completion';

export const handler = httpHandler(passInspectionRoute, async ({ params, body, actor }) => ({
  body: await passInspection(store(), params.branchId, params.orderId, body, actor),
}));
