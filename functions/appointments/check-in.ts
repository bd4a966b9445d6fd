import { checkInAppointment } from '../../shared/appointments/actions';
import { checkInAppointmentRoute } from '../../shared/appointments/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-APT-5: the appointment becomes the visit. */
export const handler = httpHandler(checkInAppointmentRoute, async ({ params, body, actor }) => ({
  body: await checkInAppointment(store(), params, body, actor),
}));
