import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { revokeLink } from '../../shared/self-service/actions/links';
import { revokeLinkRoute } from '../../shared/self-service/routes/links';

/** R-SELF-1: staff withdraw a link. */
export const handler = httpHandler(revokeLinkRoute, async ({ params, actor }) => ({
  body: await revokeLink(store(), params.branchId, params.linkId, actor),
}));
