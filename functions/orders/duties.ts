import { orderDutyList } from '../../shared/orders/actions/order';
import { orderDutiesRoute } from '../../shared/orders/routes/orders';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(orderDutiesRoute, async ({ params, query }) => ({
  body: await orderDutyList(store(), params, { limit: query.limit, cursor: query.cursor }),
}));
