import { getCallRoute } from '../../shared/api/routes/follow-up';
import { httpHandler } from '../../shared/middleware/http';
import { getCall } from '../../shared/store/calls';
import { store } from '../../shared/store/client';

export const handler = httpHandler(getCallRoute, async ({ params }) => ({
  body: await getCall(store(), params.branchId, params.callId),
}));
