import { updateCustomer } from '../../shared/archive/actions/customers';
import { updateCustomerRoute } from '../../shared/archive/routes/customers';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(updateCustomerRoute, async ({ params, body, actor }) => ({
  body: await updateCustomer(store(), params.branchId, params.customerId, body, actor),
}));
