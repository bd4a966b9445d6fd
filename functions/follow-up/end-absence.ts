import { endAbsence } from '../../shared/follow-up/actions/absences';
import { endAbsenceRoute } from '../../shared/follow-up/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-FUP-1: the person is back; the duties the delegate has not done go back to them. */
export const handler = httpHandler(endAbsenceRoute, async ({ params, body, actor }) => ({
  body: await endAbsence(store(), params.branchId, params.absenceId, body.version, actor),
}));
