import { solveComplaint } from '../../shared/complaints/actions';
import { solveComplaintRoute } from '../../shared/complaints/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-CMP-2, R-FUP-4: the solution; the customer is told today. */
export const handler = httpHandler(solveComplaintRoute, async ({ params, body, actor }) => ({
  body: await solveComplaint(store(), params, body, actor),
}));
