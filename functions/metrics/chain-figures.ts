import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { chainFiguresOf } from '../../shared/reports/actions/figures';
import { chainFiguresRoute } from '../../shared/reports/routes/metrics';

/** R-RPT-3/4: HQ's figures across branches, from the aggregates only. */
export const handler = httpHandler(chainFiguresRoute, async ({ query }) => ({
  body: await chainFiguresOf(store(), { from: query.from, to: query.to, branchIds: query.branches }),
}));
