import { createVisitRoute } from '../../shared/api/routes/visits';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { createVisit } from '../../shared/store/visits';

export const handler = httpHandler(createVisitRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createVisit(store(), params.branchId, body, actor, idempotency),
}));
