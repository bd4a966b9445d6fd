import { createAbsenceRoute } from '../../shared/api/routes/follow-up';
import { httpHandler } from '../../shared/middleware/http';
import { createAbsence } from '../../shared/store/absences';
import { store } from '../../shared/store/client';

/** R-FUP-1: the supervisor names a delegate; the absent person's open duties move to them. */
export const handler = httpHandler(createAbsenceRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createAbsence(store(), params.branchId, body, actor, idempotency),
}));
