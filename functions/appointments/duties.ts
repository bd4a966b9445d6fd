import { appointmentDuties } from '../../shared/appointments/actions';
import { appointmentDutiesRoute } from '../../shared/appointments/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-X-5: every duty of the appointment, sent or not. */
export const handler = httpHandler(appointmentDutiesRoute, async ({ params, query }) => ({
  body: await appointmentDuties(store(), params, { limit: query.limit, cursor: query.cursor }),
}));
