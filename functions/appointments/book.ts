import { bookAppointment } from '../../shared/appointments/actions';
import { bookAppointmentRoute } from '../../shared/appointments/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-APT-1, R-APT-3: an appointment that takes its bays in one transaction (409 when full). */
export const handler = httpHandler(bookAppointmentRoute, async ({ params, body, actor, idempotency }) => ({
  body: await bookAppointment(store(), params.branchId, body, actor, idempotency),
}));
