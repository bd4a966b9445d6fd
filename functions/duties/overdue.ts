import { overdueDutiesRoute } from '../../shared/api/routes/duties';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { overdueDuties } from '../../shared/store/duties';

export const handler = httpHandler(overdueDutiesRoute, async ({ params, query }) => ({
  body: await overdueDuties(store(), params.branchId, query),
}));
