import { closeComplaint } from '../../shared/complaints/actions';
import { closeComplaintRoute } from '../../shared/complaints/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-CMP-3: the customer's satisfaction with the answer; the case closes. */
export const handler = httpHandler(closeComplaintRoute, async ({ params, body, actor }) => ({
  body: await closeComplaint(store(), params, body, actor),
}));
