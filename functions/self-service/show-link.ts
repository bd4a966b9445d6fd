import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { clock } from '../../shared/platform/ports/clock';
import { showLink } from '../../shared/self-service/actions/public';
import { showLinkRoute } from '../../shared/self-service/routes/links';

/** R-SELF-1: what a link shows; a GET changes nothing (but the rate counters). */
export const handler = httpHandler(showLinkRoute, async ({ link }) => ({
  body: await showLink(store(), { token: link?.token, sourceIp: link?.sourceIp, now: clock().now() }),
  headers: { 'cache-control': 'no-store' },
}));
