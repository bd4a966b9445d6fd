import { jobBoardRoute } from '../../shared/orders/routes/orders';
import { jobBoard } from '../../shared/orders/store/workshop';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(jobBoardRoute, async ({ params, query }) => ({
  body: await jobBoard(store(), params.branchId, query.state, { limit: query.limit, cursor: query.cursor }),
}));
