import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { chainRepliesRoute } from '../../shared/replies/routes';
import { chainReplies } from '../../shared/replies/store';

/** R-SELF-3: replies from phones no branch knows, for HQ. */
export const handler = httpHandler(chainRepliesRoute, async ({ query }) => ({
  body: await chainReplies(store(), { limit: query.limit, cursor: query.cursor }),
}));
