import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { getVisitRoute } from '../../shared/reception/routes/visits';
import { getVisit } from '../../shared/reception/store/visits';

export const handler = httpHandler(getVisitRoute, async ({ params }) => ({
  body: await getVisit(store(), params.branchId, params.visitId),
}));
