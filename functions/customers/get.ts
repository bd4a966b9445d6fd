import { getCustomerRoute } from '../../shared/archive/routes/customers';
import { getCustomer } from '../../shared/archive/store/customers';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(getCustomerRoute, async ({ params }) => ({
  body: await getCustomer(store(), params.branchId, params.customerId),
}));
