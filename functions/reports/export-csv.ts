import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { exportReportRoute } from '../../shared/reports/routes/reports';
import { reportCsv } from '../../shared/reports/rules/report';
import { getReport } from '../../shared/reports/store';

export const handler = httpHandler(exportReportRoute, async ({ params }) => {
  const csv = reportCsv(await getReport(store(), params.branchId, params.kind, params.from));
  return { raw: csv.body, filename: csv.filename };
});
