import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { declineEstimate } from '../../shared/reception/actions/estimates';
import { declineEstimateRoute } from '../../shared/reception/routes/estimates';

export const handler = httpHandler(declineEstimateRoute, async ({ params, body, actor }) => ({
  body: await declineEstimate(store(), params.branchId, params.estimateId, body, actor),
}));
