import { getVehicleRoute } from '../../shared/api/routes/vehicles';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { getVehicle } from '../../shared/store/vehicles';

export const handler = httpHandler(getVehicleRoute, async ({ params }) => ({
  body: await getVehicle(store(), params.branchId, params.vehicleId),
}));
