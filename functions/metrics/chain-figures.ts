import { chainFiguresRoute } from '../../shared/api/routes/metrics';
import { chainFiguresOf } from '../../shared/metrics/read';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';

/** R-RPT-3/4: HQ's figures across branches, from the aggregates only. */
export const handler = httpHandler(chainFiguresRoute, async ({ query }) => ({
  body: await chainFiguresOf(store(), { from: query.from, to: query.to, branchIds: query.branches }),
}));
