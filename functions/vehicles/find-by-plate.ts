import { findVehicleByPlateRoute } from '../../shared/archive/routes/vehicles';
import { findVehicleByPlate } from '../../shared/archive/store/vehicles';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-ARC-3: a car that comes back is found by its plate (or VIN), so it keeps its one archive. */
export const handler = httpHandler(findVehicleByPlateRoute, async ({ params, query }) => {
  const found = await findVehicleByPlate(store(), params.branchId, query);
  return { body: { items: found ? [found] : [] } };
});
