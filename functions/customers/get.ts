import { getCustomerRoute } from '../../shared/api/routes/customers';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { getCustomer } from '../../shared/store/customers';

export const handler = httpHandler(getCustomerRoute, async ({ params }) => ({
  body: await getCustomer(store(), params.branchId, params.customerId),
}));
