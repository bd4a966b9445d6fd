import { createCustomer } from '../../shared/archive/actions/customers';
import { createCustomerRoute } from '../../shared/archive/routes/customers';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(createCustomerRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createCustomer(store(), params.branchId, body, actor, idempotency),
}));
