import { moveAppointment } from '../../shared/appointments/actions';
import { moveAppointmentRoute } from '../../shared/appointments/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-APT-3, R-X-3: bays and duties move with the appointment. */
export const handler = httpHandler(moveAppointmentRoute, async ({ params, body, actor }) => ({
  body: await moveAppointment(store(), params, body, actor),
}));
