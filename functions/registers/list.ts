import { listRegisterRoute } from '../../shared/api/routes/registers';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { listRegister } from '../../shared/store/registers';

export const handler = httpHandler(listRegisterRoute, async ({ params, query }) => ({
  body: await listRegister(store(), params.branchId, params.kind, query),
}));
