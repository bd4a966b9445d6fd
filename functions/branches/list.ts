import { listBranchesRoute } from '../../shared/branches/routes';
import { listBranches } from '../../shared/branches/store';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

export const handler = httpHandler(listBranchesRoute, async ({ query, actor }) => ({
  body: await listBranches(store(), {
    limit: query.limit,
    cursor: query.cursor,
    // Branch staff see only where they work (R-ACC-3).
    ...(actor.branches === '*' ? {} : { only: actor.branches }),
  }),
}));
