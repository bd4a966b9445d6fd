import { approveDiscountRoute } from '../../shared/api/routes/order-completion';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { approveDiscount } from '../../shared/store/order-completion';

export const handler = httpHandler(approveDiscountRoute, async ({ params, body, actor }) => ({
  body: await approveDiscount(store(), params.branchId, params.orderId, body, actor),
}));
