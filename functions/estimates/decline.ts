import { declineEstimateRoute } from '../../shared/api/routes/estimates';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { declineEstimate } from '../../shared/store/estimates';

export const handler = httpHandler(declineEstimateRoute, async ({ params, body, actor }) => ({
  body: await declineEstimate(store(), params.branchId, params.estimateId, body, actor),
}));
