import * as z from 'zod';
import type { Role } from '../../kernel/access';
import { branchId, isoDate, page, pageQuery } from '../../kernel/schemas';
import { defineRoute } from '../../platform/http/contract';
import { dateRangeQuery } from '../schemas/metrics';
import { inspectorRow, report, reportKind } from '../schemas/report';

/**
 * The branch reports of R-RPT-1 (daily, weekly on Saturday, monthly on the last day) and the
 * yearly after-sales summary of R-FUP-7, produced on schedule from the aggregates; and the
 * inspectors' assessment (R-QC-1..3) for any range. HQ reads them for every branch (aggregates).
 */
const reportReaders: readonly Role[] = ['supervisor', 'advisor', 'cashier', 'follow-up', 'hq', 'admin'];
const kindParams = /* @__PURE__ */ z.strictObject({ branchId, kind: reportKind });
const oneParams = /* @__PURE__ */ z.strictObject({
  branchId,
  kind: reportKind,
  from: isoDate.meta({ description: 'First local day of the report period' }),
});
const notBeforeFrom = (q: { from: string; to: string }) => q.to >= q.from;
const toIssue = { path: ['to'], message: 'Not before from' };

export const listReportsRoute = /* @__PURE__ */ defineRoute({
  id: 'listReports',
  method: 'GET',
  path: '/branches/{branchId}/reports/{kind}',
  entry: 'functions/reports/list.ts',
  summary:
    "A branch's reports of one kind whose period starts between two local days, oldest first (R-RPT-1)",
  tag: 'Reports',
  roles: reportReaders,
  params: kindParams,
  query: /* @__PURE__ */ z.strictObject({ ...dateRangeQuery, ...pageQuery }).refine(notBeforeFrom, toIssue),
  response: /* @__PURE__ */ page(report),
});

export const getReportRoute = /* @__PURE__ */ defineRoute({
  id: 'getReport',
  method: 'GET',
  path: '/branches/{branchId}/reports/{kind}/{from}',
  entry: 'functions/reports/get.ts',
  summary: 'One report as produced (R-RPT-1, R-FUP-7)',
  tag: 'Reports',
  roles: reportReaders,
  params: oneParams,
  response: report,
});

export const exportReportRoute = /* @__PURE__ */ defineRoute({
  id: 'exportReport',
  method: 'GET',
  path: '/branches/{branchId}/reports/{kind}/{from}/export.csv',
  entry: 'functions/reports/export-csv.ts',
  summary: 'One report as CSV (UTF-8 with BOM; money in major units)',
  tag: 'Reports',
  roles: reportReaders,
  params: oneParams,
  response: /* @__PURE__ */ z.string().meta({ description: 'text/csv' }),
  produces: 'text/csv',
});

export const inspectorAssessmentRoute = /* @__PURE__ */ defineRoute({
  id: 'inspectorAssessment',
  method: 'GET',
  path: '/branches/{branchId}/inspectors',
  entry: 'functions/reports/inspectors.ts',
  summary: "The inspectors' workload, accuracy, completeness and timeliness over local days (R-QC-1..3)",
  tag: 'Reports',
  roles: ['supervisor', 'hq', 'admin'],
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  query: /* @__PURE__ */ z.strictObject(dateRangeQuery).refine(notBeforeFrom, toIssue),
  response: /* @__PURE__ */ z.object({
    from: isoDate,
    to: isoDate,
    workingDays: z.number(),
    items: z.array(inspectorRow),
  }),
});
