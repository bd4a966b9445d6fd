import { listDeclinedWorkRoute } from '../../shared/api/routes/order-completion';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { listDeclinedWork } from '../../shared/store/order-completion';

export const handler = httpHandler(listDeclinedWorkRoute, async ({ params, query }) => ({
  body: await listDeclinedWork(store(), params.branchId, params.vehicleId, {
    limit: query.limit,
    cursor: query.cursor,
  }),
}));
