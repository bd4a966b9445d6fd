import { listCustomerVehiclesRoute } from '../../shared/api/routes/vehicles';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { listVehiclesOfCustomer } from '../../shared/store/vehicles';

export const handler = httpHandler(listCustomerVehiclesRoute, async ({ params, query }) => ({
  body: await listVehiclesOfCustomer(store(), params.branchId, params.customerId, {
    limit: query.limit,
    cursor: query.cursor,
  }),
}));
