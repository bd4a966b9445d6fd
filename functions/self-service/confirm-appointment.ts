import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { clock } from '../../shared/platform/ports/clock';
import { confirmAppointmentByLink } from '../../shared/self-service/actions/public';
import { confirmAppointmentByLinkRoute } from '../../shared/self-service/routes/links';

/** R-APT-1, R-SELF-1: the customer confirms their appointment through the link. */
export const handler = httpHandler(confirmAppointmentByLinkRoute, async ({ link }) => ({
  body: await confirmAppointmentByLink(store(), {
    token: link?.token,
    sourceIp: link?.sourceIp,
    now: clock().now(),
  }),
  headers: { 'cache-control': 'no-store' },
}));
