import { getVehicleRoute } from '../../shared/archive/routes/vehicles';
import { getVehicle } from '../../shared/archive/store/vehicles';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(getVehicleRoute, async ({ params }) => ({
  body: await getVehicle(store(), params.branchId, params.vehicleId),
}));
