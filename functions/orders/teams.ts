import { listTeamsRoute } from '../../shared/orders/routes/orders';
import { listTeams } from '../../shared/orders/store/workshop';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(listTeamsRoute, async ({ params }) => ({
  body: { items: await listTeams(store(), params.branchId) },
}));
