import { listBranchesRoute } from '../../shared/api/routes/branches';
import { httpHandler } from '../../shared/middleware/http';
import { listBranches } from '../../shared/store/branches';
import { store } from '../../shared/store/client';

export const handler = httpHandler(listBranchesRoute, async ({ query, actor }) => ({
  body: await listBranches(store(), {
    limit: query.limit,
    cursor: query.cursor,
    // Branch staff see only where they work (R-ACC-3).
    ...(actor.branches === '*' ? {} : { only: actor.branches }),
  }),
}));
