import { myDuties } from '../../shared/duty-engine/queues';
import { myDutiesRoute } from '../../shared/duty-engine/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(myDutiesRoute, async ({ params, query, actor }) => ({
  body: await myDuties(store(), params.branchId, actor.staffId, query),
}));
