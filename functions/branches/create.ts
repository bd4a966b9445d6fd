import { createBranchRoute } from '../../shared/api/routes/branches';
import { httpHandler } from '../../shared/middleware/http';
import { createBranch } from '../../shared/store/branches';
import { store } from '../../shared/store/client';

export const handler = httpHandler(createBranchRoute, async ({ body, actor, idempotency }) => ({
  body: await createBranch(store(), body, actor, idempotency),
}));
