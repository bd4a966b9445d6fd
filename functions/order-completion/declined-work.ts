import { listDeclinedWork } from '../../shared/orders/actions/completion';
import { listDeclinedWorkRoute } from '../../shared/orders/routes/completion';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(listDeclinedWorkRoute, async ({ params, query }) => ({
  body: await listDeclinedWork(store(), params.branchId, params.vehicleId, {
    limit: query.limit,
    cursor: query.cursor,
  }),
}));
