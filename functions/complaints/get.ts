import { getComplaintCase } from '../../shared/complaints/actions';
import { getComplaintRoute } from '../../shared/complaints/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-CMP-1..3: one complaint case. */
export const handler = httpHandler(getComplaintRoute, async ({ params }) => ({
  body: await getComplaintCase(store(), params.branchId, params.complaintId),
}));
