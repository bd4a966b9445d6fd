import { cancelAppointment } from '../../shared/appointments/actions';
import { cancelAppointmentRoute } from '../../shared/appointments/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-APT-5, R-X-3: cancelled with its reason; bays freed, duties ended. */
export const handler = httpHandler(cancelAppointmentRoute, async ({ params, body, actor }) => ({
  body: await cancelAppointment(store(), params, body, actor),
}));
