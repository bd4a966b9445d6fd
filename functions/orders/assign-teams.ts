import { assignTeams } from '../../shared/orders/actions/order';
import { assignTeamsRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(assignTeamsRoute, async ({ params, body, actor }) => ({
  body: await assignTeams(store(), params, body, actor),
}));
