import { listReportsRoute } from '../../shared/api/routes/reports';
import { listReports } from '../../shared/metrics/reports';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';

export const handler = httpHandler(listReportsRoute, async ({ params, query }) => ({
  body: await listReports(store(), { ...params, ...query }),
}));
