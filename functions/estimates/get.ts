import { getEstimateRoute } from '../../shared/api/routes/estimates';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { getEstimate } from '../../shared/store/estimates';

export const handler = httpHandler(getEstimateRoute, async ({ params }) => ({
  body: await getEstimate(store(), params.branchId, params.estimateId),
}));
