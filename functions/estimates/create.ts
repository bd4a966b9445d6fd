import { createEstimateRoute } from '../../shared/api/routes/estimates';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { createEstimate } from '../../shared/store/estimates';

export const handler = httpHandler(createEstimateRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createEstimate(store(), params.branchId, body, actor, idempotency),
}));
