import { confirmAppointment } from '../../shared/appointments/actions';
import { confirmAppointmentRoute } from '../../shared/appointments/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-APT-1: who confirmed and how. */
export const handler = httpHandler(confirmAppointmentRoute, async ({ params, body, actor }) => ({
  body: await confirmAppointment(store(), params, body, actor),
}));
