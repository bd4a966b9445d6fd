import { createVehicle } from '../../shared/archive/actions/vehicles';
import { createVehicleRoute } from '../../shared/archive/routes/vehicles';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(createVehicleRoute, async ({ params, body, actor, idempotency }) => ({
  body: await createVehicle(store(), params.branchId, params.customerId, body, actor, idempotency),
}));
