import { listDeadDuties } from '../../shared/duty-engine/queues';
import { deadDutiesRoute } from '../../shared/duty-engine/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(deadDutiesRoute, async ({ params, query }) => ({
  body: await listDeadDuties(store(), params.branchId, query),
}));
