import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { listRegister } from '../../shared/registers/actions';
import { listRegisterRoute } from '../../shared/registers/routes';

export const handler = httpHandler(listRegisterRoute, async ({ params, query }) => ({
  body: await listRegister(store(), params.branchId, params.kind, query),
}));
