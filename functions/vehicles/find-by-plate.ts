import { findVehicleByPlateRoute } from '../../shared/api/routes/vehicles';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { findVehicleByPlate } from '../../shared/store/vehicles';

/** R-ARC-3: a car that comes back is found by its plate (or VIN), so it keeps its one archive. */
export const handler = httpHandler(findVehicleByPlateRoute, async ({ params, query }) => {
  const found = await findVehicleByPlate(store(), params.branchId, query);
  return { body: { items: found ? [found] : [] } };
});
