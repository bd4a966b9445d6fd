import { customerDutyList } from '../../shared/archive/actions/customers';
import { customerDutiesRoute } from '../../shared/archive/routes/customers';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(customerDutiesRoute, async ({ params, query }) => ({
  body: await customerDutyList(store(), params.branchId, params.customerId, {
    limit: query.limit,
    cursor: query.cursor,
  }),
}));
