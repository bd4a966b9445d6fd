import { assignTeamsRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { assignTeams } from '../../shared/store/order-actions';

export const handler = httpHandler(assignTeamsRoute, async ({ params, body, actor }) => ({
  body: await assignTeams(store(), params, body, actor),
}));
