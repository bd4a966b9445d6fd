/**
 * The one policy module: every number of the shop rules, with the requirement it comes from.
 * These are the chain's defaults (REQUIREMENTS.md: numbers in bold are defaults a chain can change
 * per branch); `policyFor` applies a branch's overrides. Nothing else in the code holds a rule's
 * number.
 */
export const defaultPolicy = {
  estimate: {
    /** R-EST-1: pricing by symptom carries a risk premium; the seed gives no figure, so 10 %. */
    symptomRiskPremiumPercent: 10,
    /** The highest premium an advisor may set on one estimate. */
    maxRiskPremiumPercent: 50,
  },
  order: {
    /** R-RO-2: the promised time keeps a buffer after the planned work and parts. */
    promiseBufferMinutes: 30,
    /** R-RO-4: the workshop's receipt time is recorded to within 10 minutes. */
    transferTimeToleranceMinutes: 10,
    /** R-PKP-5 / R-WAR-1: quality warranty issued at exit. */
    warrantyDays: 90,
    warrantyKm: 5000,
  },
  pickup: {
    /** R-PKP-2: jobs of 2 days or more ("兩天以上包括兩天") are long. */
    longJobMinDays: 2,
    /** R-PKP-2: notice 1 hour ahead for a job under 2 days. */
    shortJobLeadMinutes: 60,
    /** R-PKP-2: notice 4 hours ahead for a job of 2 days or more. */
    longJobLeadMinutes: 240,
  },
  progressCheck: {
    /** R-PRG-1: the check opens at 70 % of workshop start → promised time … */
    openAtFraction: 0.7,
    /** … and is overdue at 80 %. */
    dueAtFraction: 0.8,
  },
  followUp: {
    /** R-FUP-2: first call opens 3 days after exit or consultation … */
    firstOpenDays: 3,
    /** … and is due at 7 days. */
    firstDueDays: 7,
    /** R-FUP-3: second call opens 1 week after the first call … */
    secondOpenDays: 7,
    /** … and is due 7 days later. */
    secondWindowDays: 7,
    /** R-FUP-4: an unsolved request goes to the supervisor within 2 days. */
    escalateAfterDays: 2,
    /**
     * A call is recorded at most this many days after it took place: later, its figures would land
     * in periods whose reports are final (R-RPT-2). The seed asks for records "及時".
     */
    recordCallWithinDays: 7,
    /**
     * R-FUP-2, R-RPT-3: a follow-up call counts for its window by the time it was made only when
     * it was recorded within this many hours of it; recorded later, by when it was recorded, so a
     * call typed in days after the window cannot be dated back into it.
     */
    windowCallRecordedWithinHours: 24,
    /** R-FUP-6: a call may be recorded this long after the phone's clock says now (clocks differ), never longer. */
    callClockSkewMinutes: 1,
  },
  archive: {
    /** R-ARC-2: an archive must be complete within 2 days of opening. */
    completeWithinDays: 2,
  },
  appointment: {
    /** R-APT-2: at least half of the high-value parts' price as deposit. */
    depositFraction: 0.5,
    /** R-APT-4: reminder half a day or 1 day before (12 or 24, per branch). */
    reminderLeadHours: 24,
    /** R-APT-3: bays are booked in slots of this many minutes from the branch's opening (per branch). */
    slotMinutes: 60,
    /**
     * R-APT-2: a part line priced above this (minor units, per branch) is a high-value part to
     * prepare, so the appointment waits for a deposit. The seed gives no figure: 1000.00.
     */
    highValuePartMinor: 100_000,
    /** R-APT-5: an appointment not checked in this long after its time is a no-show (per branch). */
    noShowGraceMinutes: 30,
    /** R-APT-1: how far ahead an appointment may be booked. */
    bookAheadDays: 90,
  },
  complaints: {
    /**
     * R-CMP-2, R-CMP-4: a complaint taken without a person answering it (an SMS reply, a survey
     * score, a follow-up call's complaint item left open) is answered within this many hours: the
     * owner's `complaint-response` duty, escalated to the supervisor when missed. The seed gives no
     * figure for complaints; 2 days, as R-FUP-4 gives an unsolved request.
     */
    defaultResponseHours: 48,
    /** R-CMP-2: a promised response time lies at most this many days ahead. */
    promiseWithinDays: 30,
  },
  survey: {
    /**
     * R-SELF-2: the satisfaction survey's scale: every aspect is scored from 1 to 5 for what the
     * customer expected and for what they got, so satisfaction (perceived − expected) lies in −4..4.
     */
    scaleMin: 1,
    scaleMax: 5,
    /** R-SELF-2: the invitation goes this many days after the exit … */
    inviteAfterDays: 1,
    /** … at this local minute of the day (600 = 10:00), quiet hours apart. */
    inviteAtMinuteOfDay: 600,
    /**
     * R-SELF-2, R-CMP-4: the branch's threshold is minus this many points: an overall satisfaction
     * below it (the service fell short of what the customer expected by more than this) opens a
     * complaint case for the supervisor; exactly at it does not. 1: two points short or worse.
     */
    toleratedShortfall: 1,
  },
  reminders: {
    /** R-MKT-1: the maintenance reminder goes this many days before the earlier of the date and the km due. */
    maintenanceLeadDays: 14,
    /** R-MKT-1: with a single odometer reading the car is taken to drive this many km a day (15,000 km a year). */
    defaultKmPerDay: 41,
    /** R-MKT-1: readings older than this before the latest one are left out of the km-per-day average. */
    projectionWindowDays: 365,
    /** R-ADD-2, R-MKT-1: safety-related work the customer declined is reminded this many days later. */
    declinedSafetyDays: 14,
    /** R-MKT-1, R-X-1: reminders are planned for this local minute of the day (600 = 10:00), quiet hours apart. */
    sendAtMinuteOfDay: 600,
    /** R-FUP-5: a reminder call (customer without a mobile number) is due this many days after it opens. */
    callWithinDays: 3,
    /** R-ARC-5: a warranty shows as "ending" in the next-service read this many days before it ends. */
    warrantyEndingDays: 30,
  },
  workshop: {
    /** R-WS-3: at least 4 patrols per 4-hour shift, each at least 25 minutes. */
    patrolsPerShift: 4,
    shiftHours: 4,
    patrolMinMinutes: 25,
  },
  sms: {
    /**
     * R-X-1 (issue 4 item 6): SMS sent per second by one sweeper process. 1 is the SNS account
     * default for most origination identities and countries; raise it with the account's quota
     * (the sweeper's SMS_PER_SECOND, CDK context `smsPerSecond`, overrides it).
     */
    perSecond: 1,
    /**
     * R-X-1, R-PKP-2: a pickup notice whose lead time and promise both fall in quiet hours goes
     * this long before they begin (the evening before), so a sweep that runs a minute late or a
     * paced queue still sends it before they begin.
     */
    beforeQuietHoursMinutes: 30,
  },
  replies: {
    /** R-SELF-3: a customer's reply not answered (or marked done) this long after it reached staff escalates. */
    answerWithinMinutes: 60,
    /** R-SELF-3, R-X-1: a staff answer is at most this many SMS segments. */
    answerMaxSegments: 2,
  },
  reports: {
    /**
     * R-RPT-1: reports are done "before the end of the working day": produced this many minutes
     * before the branch closes on the day they are due.
     */
    minutesBeforeClose: 30,
    /**
     * R-RPT-1: a report's own duty has this long after its time to produce it; later, the daily
     * catch-up produces it.
     */
    catchUpGraceMinutes: 30,
  },
  selfService: {
    /**
     * R-SELF-1: how long a link lives after its SMS is filed, by purpose. A status or add-on link
     * also dies when its order exits (the view says so); an appointment link is meant for the
     * days before the visit; a survey link gives the customer a week.
     */
    statusLinkDays: 14,
    addonLinkDays: 3,
    appointmentLinkDays: 7,
    surveyLinkDays: 7,
    /** R-SELF-1: the item of a link stays this many days after it expired (then TTL removes it). */
    keepExpiredLinkDays: 30,
    /** R-SELF-1: calls with one token per window (a customer page makes a few per visit). */
    rateWindowSeconds: 60,
    callsPerTokenPerWindow: 30,
    /** R-SELF-1: calls from one source address per window, any token (guessing is throttled). */
    callsPerSourcePerWindow: 60,
  },
  inspectorKpi: {
    /** R-QC-1: a month has 25.5 working days; the workload target is 200. */
    workingDaysPerMonth: 25.5,
    monthlyWorkloadTarget: 200,
    /** R-QC-2: accuracy target 97 %. */
    accuracyTargetPercent: 97,
    /**
     * R-QC-3: an inspection record is timely when filed within this many minutes of the team's
     * finish. The seed's sentence is cut off; a branch sets its own, 2 hours by default.
     */
    recordWithinMinutes: 120,
  },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends number ? number : Widen<T[K]> };
export type Policy = Widen<typeof defaultPolicy>;

/** A branch's overrides: any subset of the sections above. */
export type PolicyOverrides = { [S in keyof Policy]?: Partial<Policy[S]> };

/**
 * What a branch may set for itself (issue 4: lead times and windows with per-branch overrides):
 * the duties' lead times and windows, the SMS quiet-hours margin, the report time and the
 * inspection record limit (R-QC-3: "a branch setting"). The order and pricing rules stay the
 * chain's.
 */
export const branchOverridable = {
  pickup: ['longJobMinDays', 'shortJobLeadMinutes', 'longJobLeadMinutes'],
  progressCheck: ['openAtFraction', 'dueAtFraction'],
  followUp: ['firstOpenDays', 'firstDueDays', 'secondOpenDays', 'secondWindowDays', 'escalateAfterDays'],
  archive: ['completeWithinDays'],
  sms: ['beforeQuietHoursMinutes'],
  reports: ['minutesBeforeClose'],
  inspectorKpi: ['recordWithinMinutes'],
  reminders: [
    'maintenanceLeadDays',
    'defaultKmPerDay',
    'declinedSafetyDays',
    'callWithinDays',
    'warrantyEndingDays',
  ],
  appointment: ['reminderLeadHours', 'slotMinutes', 'highValuePartMinor', 'noShowGraceMinutes'],
  survey: ['inviteAfterDays', 'inviteAtMinuteOfDay', 'toleratedShortfall'],
} as const satisfies { [S in keyof typeof defaultPolicy]?: readonly (keyof (typeof defaultPolicy)[S])[] };

/** Where a merged policy contradicts itself (a window that closes before it opens), by field. */
export function policyIssues(policy: Policy): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const { progressCheck: check, followUp, pickup } = policy;
  if (!(check.openAtFraction < check.dueAtFraction && check.dueAtFraction < 1)) {
    issues.push({
      path: 'progressCheck.dueAtFraction',
      message: 'The check opens before it is due, and is due before the promise (fractions below 1)',
    });
  }
  if (!(followUp.firstOpenDays < followUp.firstDueDays)) {
    issues.push({ path: 'followUp.firstDueDays', message: 'The first call is due after its window opens' });
  }
  if (!(pickup.shortJobLeadMinutes <= pickup.longJobLeadMinutes)) {
    issues.push({
      path: 'pickup.longJobLeadMinutes',
      message: 'A long job is told at least as early as a short one',
    });
  }
  const { appointment } = policy;
  if (appointment.reminderLeadHours !== 12 && appointment.reminderLeadHours !== 24) {
    issues.push({
      path: 'appointment.reminderLeadHours',
      message: 'R-APT-4: the reminder goes half a day (12) or one day (24) before',
    });
  }
  if (
    !(
      Number.isInteger(appointment.slotMinutes) &&
      appointment.slotMinutes >= 15 &&
      appointment.slotMinutes <= 240 &&
      1440 % appointment.slotMinutes === 0
    )
  ) {
    issues.push({
      path: 'appointment.slotMinutes',
      message: 'A slot is 15-240 whole minutes that divide a day (15, 20, 30, 60, 120…)',
    });
  }
  if (!Number.isSafeInteger(appointment.highValuePartMinor)) {
    issues.push({
      path: 'appointment.highValuePartMinor',
      message: 'Money is an integer number of minor units',
    });
  }
  const { survey } = policy;
  if (!(Number.isInteger(survey.inviteAtMinuteOfDay) && survey.inviteAtMinuteOfDay < 1440)) {
    issues.push({
      path: 'survey.inviteAtMinuteOfDay',
      message: 'R-SELF-2: a whole minute of the day, below 1440 (600 = 10:00)',
    });
  }
  if (!Number.isInteger(survey.inviteAfterDays)) {
    issues.push({ path: 'survey.inviteAfterDays', message: 'R-SELF-2: whole days after the exit' });
  }
  return issues;
}

export function policyFor(overrides: PolicyOverrides = {}): Policy {
  const merged = structuredClone(defaultPolicy) as Policy;
  for (const section of Object.keys(overrides) as (keyof Policy)[]) {
    Object.assign(merged[section], overrides[section]);
  }
  return merged;
}
