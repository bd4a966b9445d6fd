import { customerTimelineRoute } from '../../shared/api/routes/customers';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { customerTimeline } from '../../shared/store/customers';

export const handler = httpHandler(customerTimelineRoute, async ({ params, query }) => ({
  body: await customerTimeline(store(), params.branchId, params.customerId, {
    limit: query.limit,
    cursor: query.cursor,
  }),
}));
