import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { listLinks } from '../../shared/self-service/actions/links';
import { listLinksRoute } from '../../shared/self-service/routes/links';

/** R-SELF-1: a record's links, for staff (1 Query). */
export const handler = httpHandler(listLinksRoute, async ({ params, query }) => ({
  body: { items: await listLinks(store(), params.branchId, { kind: query.kind, id: query.recordId }) },
}));
