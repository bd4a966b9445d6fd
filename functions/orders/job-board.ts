import { jobBoardRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { jobBoard } from '../../shared/store/workshop';

export const handler = httpHandler(jobBoardRoute, async ({ params, query }) => ({
  body: await jobBoard(store(), params.branchId, query.state, { limit: query.limit, cursor: query.cursor }),
}));
