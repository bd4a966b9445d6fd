import { promiseComplaint } from '../../shared/complaints/actions';
import { promiseComplaintRoute } from '../../shared/complaints/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-CMP-2: a (new) promised response time, told to the customer. */
export const handler = httpHandler(promiseComplaintRoute, async ({ params, body, actor }) => ({
  body: await promiseComplaint(store(), params, body, actor),
}));
