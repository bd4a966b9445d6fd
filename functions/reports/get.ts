import { getReportRoute } from '../../shared/api/routes/reports';
import { getReport } from '../../shared/metrics/reports';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';

export const handler = httpHandler(getReportRoute, async ({ params }) => ({
  body: await getReport(store(), params.branchId, params.kind, params.from),
}));
