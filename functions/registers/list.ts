import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { listRegisterRoute } from '../../shared/registers/routes';
import { listRegister } from '../../shared/registers/store';

export const handler = httpHandler(listRegisterRoute, async ({ params, query }) => ({
  body: await listRegister(store(), params.branchId, params.kind, query),
}));
