import { listAbsencesRoute } from '../../shared/api/routes/follow-up';
import { httpHandler } from '../../shared/middleware/http';
import { listAbsences } from '../../shared/store/absences';
import { store } from '../../shared/store/client';

export const handler = httpHandler(listAbsencesRoute, async ({ params, query }) => ({
  body: await listAbsences(store(), params.branchId, query),
}));
