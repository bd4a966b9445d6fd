import { getCallRoute } from '../../shared/follow-up/routes';
import { getCall } from '../../shared/follow-up/store/calls';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(getCallRoute, async ({ params }) => ({
  body: await getCall(store(), params.branchId, params.callId),
}));
