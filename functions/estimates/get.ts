import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { getEstimateRoute } from '../../shared/reception/routes/estimates';
import { getEstimate } from '../../shared/reception/store/estimates';

export const handler = httpHandler(getEstimateRoute, async ({ params }) => ({
  body: await getEstimate(store(), params.branchId, params.estimateId),
}));
