import { deadDutiesRoute } from '../../shared/api/routes/duties';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { listDeadDuties } from '../../shared/store/duties';

export const handler = httpHandler(deadDutiesRoute, async ({ params, query }) => ({
  body: await listDeadDuties(store(), params.branchId, query),
}));
