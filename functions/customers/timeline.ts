import { customerTimelineRoute } from '../../shared/archive/routes/customers';
import { customerTimeline } from '../../shared/archive/store/customers';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(customerTimelineRoute, async ({ params, query }) => ({
  body: await customerTimeline(store(), params.branchId, params.customerId, {
    limit: query.limit,
    cursor: query.cursor,
  }),
}));
