import { approveDiscount } from '../../shared/orders/actions/completion';
import { approveDiscountRoute } from '../../shared/orders/routes/completion';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(approveDiscountRoute, async ({ params, body, actor }) => ({
  body: await approveDiscount(store(), params.branchId, params.orderId, body, actor),
}));
