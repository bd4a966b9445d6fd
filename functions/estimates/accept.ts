import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { acceptEstimate } from '../../shared/reception/actions/estimates';
import { acceptEstimateRoute } from '../../shared/reception/routes/estimates';

export const handler = httpHandler(acceptEstimateRoute, async ({ params, body, actor }) => ({
  body: await acceptEstimate(store(), params.branchId, params.estimateId, body.version, actor),
}));
