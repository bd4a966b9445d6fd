import { branchFiguresRoute } from '../../shared/api/routes/metrics';
import { figuresOfBranch } from '../../shared/metrics/read';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';

export const handler = httpHandler(branchFiguresRoute, async ({ params, query }) => ({
  body: await figuresOfBranch(store(), params.branchId, query.from, query.to),
}));
