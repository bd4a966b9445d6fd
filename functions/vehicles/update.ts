import { updateVehicleRoute } from '../../shared/api/routes/vehicles';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { updateVehicle } from '../../shared/store/vehicles';

export const handler = httpHandler(updateVehicleRoute, async ({ params, body, actor }) => ({
  body: await updateVehicle(store(), params.branchId, params.vehicleId, body, actor),
}));
