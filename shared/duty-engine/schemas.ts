import * as z from 'zod';
import { branchId, isoDateTime, ulidId } from '../kernel/schemas';

/**
 * A time-based duty (ARCHITECTURE "Duties", R-X-3): one item per duty, `BR#<b>#DUTY#<id>` /
 * `DUTY`. Machine duties (an SMS notice) are performed by the sweeper at `fireAt`; human duties
 * (a call, a check) sit in their assignee's queue from `openAt` and the sweeper acts on them at
 * `fireAt` (for example to escalate when overdue).
 */
const dutyKind = /* @__PURE__ */ z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'A duty kind is lower-case words joined by hyphens')
  .meta({
    description:
      'What the duty is, as the area that owns it registered it (shared/performers.ts): for example pickup-notice, progress-check, follow-up-call, escalation',
  });

const dutyStatus = /* @__PURE__ */ z.enum(['pending', 'claimed', 'done', 'cancelled', 'dead']);

/** What the duty is about, for example `{ kind: 'order', id }`. */
const dutySubject = /* @__PURE__ */ z.strictObject({
  kind: z.string().min(1).max(40),
  id: z.string().min(1).max(80),
});

/**
 * R-X-5: the record whose duties staff read it among (an order, a customer); the subject unless
 * the area names another (a call's open request is the customer's), inherited by escalations.
 */
const dutyRecord = /* @__PURE__ */ dutySubject.meta({
  description: "The record this duty is listed under (R-X-5): the subject's, or the record it belongs to",
});

/** Small JSON the performer needs (a template id, a phone); kept under 4 KB. */
const dutyPayload = /* @__PURE__ */ z
  .record(z.string(), z.unknown())
  .refine((p) => JSON.stringify(p).length <= 4096, 'Keep the payload under 4 KB');

export const scheduleDutyInput = /* @__PURE__ */ z.strictObject({
  /** Minted by the store when absent; pass one to schedule idempotently. */
  id: ulidId.optional(),
  kind: dutyKind,
  subject: dutySubject,
  /** Defaults to the subject. */
  record: dutyRecord.optional(),
  branchId,
  /** Staff id of who must do it; absent for machine duties. */
  assignee: z.string().min(1).optional(),
  /** The absent person the assignee stands in for (R-FUP-1); the duty goes back to them. */
  delegatedFrom: z.string().min(1).optional(),
  openAt: isoDateTime,
  dueAt: isoDateTime,
  /** When the sweeper acts; defaults to `openAt`. */
  fireAt: isoDateTime.optional(),
  payload: dutyPayload.optional(),
});
export type ScheduleDutyInput = z.input<typeof scheduleDutyInput>;

export const duty = /* @__PURE__ */ z
  .object({
    id: ulidId,
    kind: dutyKind,
    subject: dutySubject,
    record: dutyRecord.optional(),
    branchId,
    assignee: z.string().optional(),
    delegatedFrom: z
      .string()
      .optional()
      .meta({ description: 'The absent person whose duty this is; it goes back when they return (R-FUP-1)' }),
    openAt: isoDateTime,
    dueAt: isoDateTime,
    fireAt: isoDateTime,
    status: dutyStatus,
    /** Failed attempts so far (a claim whose lease ran out counts as one). */
    attempts: z.number().int().min(0),
    lastError: z.string().optional(),
    claimedBy: z.string().optional(),
    claimedAt: isoDateTime.optional(),
    leaseUntil: isoDateTime.optional(),
    doneAt: isoDateTime.optional(),
    cancelledAt: isoDateTime.optional(),
    deadAt: isoDateTime.optional(),
    completedAt: isoDateTime.optional().meta({ description: 'When a person completed this human duty' }),
    completedBy: z.string().optional(),
    result: z.record(z.string(), z.unknown()).optional(),
    payload: z.record(z.string(), z.unknown()),
    version: z.number().int().positive(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'Duty' });
export type Duty = z.infer<typeof duty>;

/** The times a reschedule moves (R-X-3: when the time a duty depends on moves). */
export const dutyTimes = /* @__PURE__ */ z.strictObject({
  openAt: isoDateTime,
  dueAt: isoDateTime,
  fireAt: isoDateTime.optional(),
});
export type DutyTimes = z.infer<typeof dutyTimes>;
