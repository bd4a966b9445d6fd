import { exportReportRoute } from '../../shared/api/routes/reports';
import { getReport, reportCsv } from '../../shared/metrics/reports';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';

export const handler = httpHandler(exportReportRoute, async ({ params }) => {
  const csv = reportCsv(await getReport(store(), params.branchId, params.kind, params.from));
  return { raw: csv.body, filename: csv.filename };
});
