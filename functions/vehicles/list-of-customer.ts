import { listCustomerVehiclesRoute } from '../../shared/archive/routes/vehicles';
import { listVehiclesOfCustomer } from '../../shared/archive/store/vehicles';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(listCustomerVehiclesRoute, async ({ params, query }) => ({
  body: await listVehiclesOfCustomer(store(), params.branchId, params.customerId, {
    limit: query.limit,
    cursor: query.cursor,
  }),
}));
