import { closeVisitRoute } from '../../shared/api/routes/visits';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { closeVisit } from '../../shared/store/visits';

export const handler = httpHandler(closeVisitRoute, async ({ params, body, actor }) => ({
  body: await closeVisit(store(), params.branchId, params.visitId, body, actor),
}));
