import { listAbsencesRoute } from '../../shared/follow-up/routes';
import { listAbsences } from '../../shared/follow-up/store/absences';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(listAbsencesRoute, async ({ params, query }) => ({
  body: await listAbsences(store(), params.branchId, query),
}));
