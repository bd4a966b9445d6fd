import { myDutiesRoute } from '../../shared/api/routes/duties';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { myDuties } from '../../shared/store/duties';

export const handler = httpHandler(myDutiesRoute, async ({ params, query, actor }) => ({
  body: await myDuties(store(), params.branchId, actor.staffId, query),
}));
