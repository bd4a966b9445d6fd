import { acceptEstimateRoute } from '../../shared/api/routes/estimates';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { acceptEstimate } from '../../shared/store/estimates';

export const handler = httpHandler(acceptEstimateRoute, async ({ params, body, actor }) => ({
  body: await acceptEstimate(store(), params.branchId, params.estimateId, body.version, actor),
}));
