import { recordAppointmentDeposit } from '../../shared/appointments/actions';
import { recordAppointmentDepositRoute } from '../../shared/appointments/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-APT-2: the cashier's deposit, at least half the high-value parts. */
export const handler = httpHandler(recordAppointmentDepositRoute, async ({ params, body, actor }) => ({
  body: await recordAppointmentDeposit(store(), params, body, actor),
}));
