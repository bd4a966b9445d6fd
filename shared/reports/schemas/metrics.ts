import * as z from 'zod';
import { branchId, isoDate } from '../../kernel/schemas';

/**
 * Figures and KPIs read from the aggregates (R-RPT-3/4): counters per branch-local day, summed
 * over a date range. Money counters (`revenue`, `receivablesRaised`, `receivablesCollected`,
 * `paymentsReceived`) are minor units of the branch's currency, so the chain sums them per currency.
 */
export const counters = /* @__PURE__ */ z.record(z.string(), z.number()).meta({
  id: 'Counters',
  description:
    'carsIn, carsOut (and .type.<vehicle type>, .category.<repair category>), settlements, revenue, receivablesRaised, receivablesCollected, paymentsReceived, deliveries, deliveriesOnTime, addOnsPresented, addOnsApproved, addOnsDeclined, inspections, inspectionsFailed, progressChecks (answered), progressChecksDue, progressChecksOnTime, followUps (made), followUpsDue, followUpsInWindow, calls (and .<purpose>), complaints (cases taken), complaintsAnswered, complaintsAnsweredOnTime, complaintResponseMinutes, complaintsRated, complaintsSatisfied, complaintsDissatisfied, visits, smsSent, smsFailed, smsSegments, appointmentsBooked, appointmentsArrived, appointmentsNoShow, appointmentsCancelled, surveysSent, surveysAnswered, surveysComplaints, surveyGap.<aspect> (summed satisfaction gaps: onTime, priceAsQuoted, quality, courtesy, overall)',
});

const percent = /* @__PURE__ */ z
  .number()
  .nullable()
  .meta({ description: 'null when there is nothing to rate yet' });
const gapMean = /* @__PURE__ */ z
  .number()
  .nullable()
  .meta({ description: 'perceived − expected, −4..4; null when no survey was answered' });

export const serviceKpis = /* @__PURE__ */ z
  .object({
    onTimeDeliveryPercent: percent,
    followUpInWindowPercent: percent,
    progressCheckOnTimePercent: percent,
    addOnApprovalPercent: percent,
    inspectionFailurePercent: percent,
    complaints: z.number().meta({ description: 'Complaint cases taken (R-CMP-1)' }),
    complaintResponseHours: z.number().nullable().meta({
      description:
        'Mean hours from a complaint being taken to its answer (R-CMP-3); null when none was answered',
    }),
    complaintOnTimePercent: percent.meta({
      description:
        'Complaints answered at once or by the promised response time, % of those answered (R-CMP-2)',
    }),
    complaintSatisfactionPercent: percent.meta({
      description: 'Customers satisfied with the answer, % of those who rated it (R-CMP-3)',
    }),
    appointmentShowPercent: percent.meta({
      description:
        'Appointments checked in, % of those due (arrived + no-show); null when none came due (R-APT-5)',
    }),
    surveysSent: z.number().meta({ description: 'Satisfaction survey invitations sent (R-SELF-2)' }),
    surveysAnswered: z.number().meta({ description: 'Satisfaction surveys answered (R-SELF-2)' }),
    surveyResponsePercent: percent.meta({
      description: 'Surveys answered, % of those sent; null when none was sent (R-RPT-3)',
    }),
    satisfactionGap: gapMean.meta({
      description:
        'Mean overall satisfaction of the answers: perceived − expected on the 1–5 scales, −4..4; below 0 the service fell short of what customers expected (R-SELF-2); null when none was answered',
    }),
    satisfactionGapByAspect: z
      .object({
        onTime: gapMean,
        priceAsQuoted: gapMean,
        quality: gapMean,
        courtesy: gapMean,
        overall: gapMean,
      })
      .meta({ description: 'The mean satisfaction gap per survey aspect (R-SELF-2)' }),
    comebackPercent: z.null(),
  })
  .meta({ id: 'ServiceKpis' });

const dayFigures = /* @__PURE__ */ z.object({ day: isoDate, counters });

export const branchFigures = /* @__PURE__ */ z
  .object({
    branchId,
    name: z.string(),
    currency: z.string(),
    timeZone: z.string(),
    totals: counters,
    kpis: serviceKpis,
    days: z.array(dayFigures).meta({ description: 'Days with any figure, oldest first (trends)' }),
  })
  .meta({ id: 'BranchFigures' });
export type BranchFigures = z.infer<typeof branchFigures>;

export const chainFigures = /* @__PURE__ */ z
  .object({
    from: isoDate,
    to: isoDate,
    chain: z.object({
      totals: counters.meta({ description: 'Counts summed over the branches; money only per currency' }),
      money: z.record(z.string(), counters).meta({ description: 'Money counters per currency' }),
      kpis: serviceKpis,
    }),
    branches: z.array(branchFigures),
  })
  .meta({ id: 'ChainFigures' });
export type ChainFigures = z.infer<typeof chainFigures>;

/** A date range of local days, at most a year and a day. */
export const dateRangeQuery = {
  from: isoDate.meta({ description: 'First local day, inclusive', example: '2026-11-01' }),
  to: isoDate.meta({ description: 'Last local day, inclusive', example: '2026-11-30' }),
};
export const maxRangeDays = 366;
