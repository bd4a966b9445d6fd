import { openComplaint } from '../../shared/complaints/actions';
import { openComplaintRoute } from '../../shared/complaints/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-CMP-1, R-CMP-2, R-CMP-4: a complaint case, with its response duty, in one transaction. */
export const handler = httpHandler(openComplaintRoute, async ({ params, body, actor, idempotency }) => ({
  body: await openComplaint(store(), params.branchId, body, actor, idempotency),
}));
