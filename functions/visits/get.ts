import { getVisitRoute } from '../../shared/api/routes/visits';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { getVisit } from '../../shared/store/visits';

export const handler = httpHandler(getVisitRoute, async ({ params }) => ({
  body: await getVisit(store(), params.branchId, params.visitId),
}));
