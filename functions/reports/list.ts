import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { listReports } from '../../shared/reports/actions/reports';
import { listReportsRoute } from '../../shared/reports/routes/reports';

export const handler = httpHandler(listReportsRoute, async ({ params, query }) => ({
  body: await listReports(store(), { ...params, ...query }),
}));
