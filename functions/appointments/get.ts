import { getAppointmentRoute } from '../../shared/appointments/routes';
import { getAppointment } from '../../shared/appointments/store';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-APT-1: the form 維修預約單 as one record. */
export const handler = httpHandler(getAppointmentRoute, async ({ params }) => ({
  body: await getAppointment(store(), params.branchId, params.appointmentId),
}));
