import { createAbsence } from '../../shared/follow-up/actions/absences';
import { createAbsenceRoute } from '../../shared/follow-up/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-FUP-1: the supervisor names a delegate; the absent person's open duties move to them. */
export const handler = httpHandler(createAbsenceRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createAbsence(store(), params.branchId, body, actor, idempotency),
}));
