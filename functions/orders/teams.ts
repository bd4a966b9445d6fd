import { listTeamsRoute } from '../../shared/api/routes/orders';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { listTeams } from '../../shared/store/workshop';

export const handler = httpHandler(listTeamsRoute, async ({ params }) => ({
  body: { items: await listTeams(store(), params.branchId) },
}));
