import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { getReport } from '../../shared/reports/actions/reports';
import { getReportRoute } from '../../shared/reports/routes/reports';

export const handler = httpHandler(getReportRoute, async ({ params }) => ({
  body: await getReport(store(), params.branchId, params.kind, params.from),
}));
