import { createBranch } from '../../shared/branches/actions';
import { createBranchRoute } from '../../shared/branches/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(createBranchRoute, async ({ body, actor, idempotency }) => ({
  body: await createBranch(store(), body, actor, idempotency),
}));
