import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { createEstimate } from '../../shared/reception/actions/estimates';
import { createEstimateRoute } from '../../shared/reception/routes/estimates';

export const handler = httpHandler(createEstimateRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createEstimate(store(), params.branchId, body, actor, idempotency),
}));
