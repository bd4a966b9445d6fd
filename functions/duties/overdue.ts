import { overdueDuties } from '../../shared/duty-engine/queues';
import { overdueDutiesRoute } from '../../shared/duty-engine/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(overdueDutiesRoute, async ({ params, query }) => ({
  body: await overdueDuties(store(), params.branchId, query),
}));
