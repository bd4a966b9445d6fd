import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { vehicleNextServiceRead } from '../../shared/reminders/actions';
import { vehicleNextServiceRoute } from '../../shared/reminders/routes';

export const handler = httpHandler(vehicleNextServiceRoute, async ({ params }) => ({
  body: await vehicleNextServiceRead(store(), params.branchId, params.vehicleId),
}));
