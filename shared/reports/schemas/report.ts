import * as z from 'zod';
import { branchId, isoDate, isoDateTime } from '../../kernel/schemas';
import { reportKinds } from '../rules/periods';
import { counters, serviceKpis } from './metrics';

/**
 * A branch report of R-RPT-1 (daily, weekly, monthly) or the yearly after-sales summary of
 * R-FUP-7, as produced on schedule from the aggregates: a snapshot that does not change after.
 */
export const reportKind = /* @__PURE__ */ z.enum(reportKinds);

const percent = /* @__PURE__ */ z.number().nullable();

export const inspectorRow = /* @__PURE__ */ z
  .object({
    staffId: z.string(),
    name: z.string(),
    counters,
    workload: z.number(),
    workloadTarget: z.number(),
    workloadCounted: z.number(),
    accuracyPercent: percent,
    accuracyTargetPercent: z.number(),
    meetsAccuracy: z.boolean().nullable(),
    completenessPercent: percent,
    timelinessPercent: percent,
  })
  .meta({ id: 'InspectorAssessment' });
export type InspectorRow = z.infer<typeof inspectorRow>;

export const report = /* @__PURE__ */ z
  .object({
    branchId,
    kind: reportKind,
    from: isoDate,
    to: isoDate,
    currency: z.string(),
    timeZone: z.string(),
    producedAt: isoDateTime,
    edition: z.enum(['provisional', 'final']).meta({
      description:
        'provisional: produced before the end of work (R-RPT-1); final: replaced once after the period, with everything settled or paid until midnight (R-RPT-2)',
    }),
    totals: counters.meta({ description: 'Figures of the period (cars by type and category, revenue, …)' }),
    kpis: serviceKpis,
    receivables: z
      .object({
        raised: z.number(),
        collected: z.number(),
        outstandingAtEnd: z
          .number()
          .meta({ description: 'Everything still owed at the end of the period 欠收' }),
      })
      .meta({ description: 'Minor units of the currency (R-RPT-1)' }),
    afterSales: z
      .object({
        followUps: z.number().meta({ description: 'Follow-up calls made' }),
        followUpsDue: z.number().meta({ description: 'Follow-up calls that fell due in the period' }),
        followUpsInWindow: z.number().meta({ description: 'Of those, made inside their window (R-FUP-2/3)' }),
        calls: z.number(),
        complaints: z.number(),
        smsSent: z.number(),
      })
      .meta({ description: "The supervisor's after-sales summary (R-FUP-7)" }),
    inspectors: z
      .array(inspectorRow)
      .meta({ description: 'Monthly and yearly reports: R-QC-1..3 per inspector' }),
  })
  .meta({ id: 'Report' });
export type Report = z.infer<typeof report>;
