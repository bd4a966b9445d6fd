import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { presentEstimate } from '../../shared/reception/actions/estimates';
import { presentEstimateRoute } from '../../shared/reception/routes/estimates';

export const handler = httpHandler(presentEstimateRoute, async ({ params, body, actor }) => ({
  body: await presentEstimate(store(), params.branchId, params.estimateId, body.version, actor),
}));
