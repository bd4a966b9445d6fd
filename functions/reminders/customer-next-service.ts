import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { customerNextServiceRead } from '../../shared/reminders/actions';
import { customerNextServiceRoute } from '../../shared/reminders/routes';

export const handler = httpHandler(customerNextServiceRoute, async ({ params }) => ({
  body: await customerNextServiceRead(store(), params.branchId, params.customerId),
}));
