import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { presentEstimateRoute } from '../../shared/reception/routes/estimates';
import { presentEstimate } from '../../shared/reception/store/estimates';

export const handler = httpHandler(presentEstimateRoute, async ({ params, body, actor }) => ({
  body: await presentEstimate(store(), params.branchId, params.estimateId, body.version, actor),
}));
