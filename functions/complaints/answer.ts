import { answerComplaint } from '../../shared/complaints/actions';
import { answerComplaintRoute } from '../../shared/complaints/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-CMP-2, R-CMP-3: the answer, with its response time. */
export const handler = httpHandler(answerComplaintRoute, async ({ params, body, actor }) => ({
  body: await answerComplaint(store(), params, body, actor),
}));
