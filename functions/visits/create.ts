import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { createVisit } from '../../shared/reception/actions/visits';
import { createVisitRoute } from '../../shared/reception/routes/visits';

export const handler = httpHandler(createVisitRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createVisit(store(), params.branchId, body, actor, idempotency),
}));
