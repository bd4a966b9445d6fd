import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { getReport, reportCsv } from '../../shared/reports/actions/reports';
import { exportReportRoute } from '../../shared/reports/routes/reports';

export const handler = httpHandler(exportReportRoute, async ({ params }) => {
  const csv = reportCsv(await getReport(store(), params.branchId, params.kind, params.from));
  return { raw: csv.body, filename: csv.filename };
});
