import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { reviseEstimate } from '../../shared/reception/actions/estimates';
import { reviseEstimateRoute } from '../../shared/reception/routes/estimates';

export const handler = httpHandler(reviseEstimateRoute, async ({ params, body, actor }) => ({
  body: await reviseEstimate(store(), params.branchId, params.estimateId, body, actor),
}));
