import { customerCallsRoute } from '../../shared/api/routes/follow-up';
import { httpHandler } from '../../shared/middleware/http';
import { listCustomerCalls } from '../../shared/store/calls';
import { store } from '../../shared/store/client';

export const handler = httpHandler(customerCallsRoute, async ({ params, query }) => ({
  body: await listCustomerCalls(store(), params.branchId, params.customerId, query),
}));
