import { passInspection } from '../../shared/orders/actions/completion';
import { passInspectionRoute } from '../../shared/orders/routes/completion';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(passInspectionRoute, async ({ params, body, actor }) => ({
  body: await passInspection(store(), params.branchId, params.orderId, body, actor),
}));
