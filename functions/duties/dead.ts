import { deadDutiesRoute } from '../../shared/duty-engine/routes';
import { listDeadDuties } from '../../shared/duty-engine/store';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(deadDutiesRoute, async ({ params, query }) => ({
  body: await listDeadDuties(store(), params.branchId, query),
}));
