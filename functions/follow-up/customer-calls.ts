import { customerCallsRoute } from '../../shared/follow-up/routes';
import { listCustomerCalls } from '../../shared/follow-up/store/calls';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(customerCallsRoute, async ({ params, query }) => ({
  body: await listCustomerCalls(store(), params.branchId, params.customerId, query),
}));
