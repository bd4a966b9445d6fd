import { updateVehicle } from '../../shared/archive/actions/vehicles';
import { updateVehicleRoute } from '../../shared/archive/routes/vehicles';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(updateVehicleRoute, async ({ params, body, actor }) => ({
  body: await updateVehicle(store(), params.branchId, params.vehicleId, body, actor),
}));
