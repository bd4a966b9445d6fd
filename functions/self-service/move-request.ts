import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { clock } from '../../shared/platform/ports/clock';
import { requestMoveByLink } from '../../shared/self-service/actions/public';
import { requestAppointmentMoveRoute } from '../../shared/self-service/routes/links';

/** R-APT-1, R-SELF-1: the customer asks through the link to move their appointment. */
export const handler = httpHandler(requestAppointmentMoveRoute, async ({ link, body }) => ({
  body: await requestMoveByLink(
    store(),
    { token: link?.token, sourceIp: link?.sourceIp, now: clock().now() },
    body,
  ),
  headers: { 'cache-control': 'no-store' },
}));
