import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { getReportRoute } from '../../shared/reports/routes/reports';
import { getReport } from '../../shared/reports/store';

export const handler = httpHandler(getReportRoute, async ({ params }) => ({
  body: await getReport(store(), params.branchId, params.kind, params.from),
}));
