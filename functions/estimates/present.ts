import { presentEstimateRoute } from '../../shared/api/routes/estimates';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { presentEstimate } from '../../shared/store/estimates';

export const handler = httpHandler(presentEstimateRoute, async ({ params, body, actor }) => ({
  body: await presentEstimate(store(), params.branchId, params.estimateId, body.version, actor),
}));
