import { createVehicleRoute } from '../../shared/api/routes/vehicles';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { createVehicle } from '../../shared/store/vehicles';

export const handler = httpHandler(createVehicleRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createVehicle(store(), params.branchId, params.customerId, body, actor, idempotency),
}));
