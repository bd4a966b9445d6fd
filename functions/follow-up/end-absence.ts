import { endAbsenceRoute } from '../../shared/api/routes/follow-up';
import { httpHandler } from '../../shared/middleware/http';
import { endAbsence } from '../../shared/store/absences';
import { store } from '../../shared/store/client';

/** R-FUP-1: the person is back; the duties the delegate has not done go back to them. */
export const handler = httpHandler(endAbsenceRoute, async ({ params, body, actor }) => ({
  body: await endAbsence(store(), params.branchId, params.absenceId, body.version, actor),
}));
