import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { closeVisit } from '../../shared/reception/actions/visits';
import { closeVisitRoute } from '../../shared/reception/routes/visits';

export const handler = httpHandler(closeVisitRoute, async ({ params, body, actor }) => ({
  body: await closeVisit(store(), params.branchId, params.visitId, body, actor),
}));
