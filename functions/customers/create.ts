import { createCustomerRoute } from '../../shared/api/routes/customers';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { createCustomer } from '../../shared/store/customers';

export const handler = httpHandler(createCustomerRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createCustomer(store(), params.branchId, body, actor, idempotency),
}));
