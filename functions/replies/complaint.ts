import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { complaintFromReply } from '../../shared/replies/actions';
import { replyComplaintRoute } from '../../shared/replies/routes';

/** R-CMP-4: a reply that is a complaint becomes a case in one call. */
export const handler = httpHandler(replyComplaintRoute, async ({ params, body, actor }) => ({
  body: await complaintFromReply(store(), params, body, actor),
}));
