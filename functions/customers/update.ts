import { updateCustomerRoute } from '../../shared/api/routes/customers';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { updateCustomer } from '../../shared/store/customers';

export const handler = httpHandler(updateCustomerRoute, async ({ params, body, actor }) => ({
  body: await updateCustomer(store(), params.branchId, params.customerId, body, actor),
}));
