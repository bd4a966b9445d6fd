import { reviseEstimateRoute } from '../../shared/api/routes/estimates';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { reviseEstimate } from '../../shared/store/estimates';

export const handler = httpHandler(reviseEstimateRoute, async ({ params, body, actor }) => ({
  body: await reviseEstimate(store(), params.branchId, params.estimateId, body, actor),
}));
