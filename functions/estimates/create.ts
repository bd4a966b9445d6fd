import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { createEstimateRoute } from '../../shared/reception/routes/estimates';
import { createEstimate } from '../../shared/reception/store/estimates';

export const handler = httpHandler(createEstimateRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createEstimate(store(), params.branchId, body, actor, idempotency),
}));
