import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { listReportsRoute } from '../../shared/reports/routes/reports';
import { listReports } from '../../shared/reports/store';

export const handler = httpHandler(listReportsRoute, async ({ params, query }) => ({
  body: await listReports(store(), { ...params, ...query }),
}));
