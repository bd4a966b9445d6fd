import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { answerReply } from '../../shared/replies/actions';
import { answerReplyRoute } from '../../shared/replies/routes';

/** R-SELF-3: the staff answer to a customer's reply goes as an SMS (paced, quiet hours kept); the duty is done. */
export const handler = httpHandler(answerReplyRoute, async ({ params, body, actor }) => ({
  body: await answerReply(store(), params, body, actor),
}));
