import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { figuresOfBranch } from '../../shared/reports/actions/figures';
import { branchFiguresRoute } from '../../shared/reports/routes/metrics';

export const handler = httpHandler(branchFiguresRoute, async ({ params, query }) => ({
  body: await figuresOfBranch(store(), params.branchId, query.from, query.to),
}));
