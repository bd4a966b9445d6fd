import type { Duty } from '../duty-engine/schemas';
import type { DutyCompletions } from '../duty-engine/store';
import { scheduleDutyStep } from '../duty-engine/store';
import type { Performers } from '../duty-engine/sweeper';
import { escalateIfOpen } from '../follow-up/actions/escalate';
import { endOfLocalDay } from '../follow-up/rules';
import type { Store } from '../platform/dynamo/client';
import type { Step } from '../platform/dynamo/records';

/**
 * The duties of a complaint case (R-CMP-2, R-FUP-4), recorded under the customer so
 * `GET …/customers/{c}/duties` lists them (R-X-5):
 * - `complaint-response`: the promised response time 下次答復時間 (or the policy's, for a complaint
 *   nobody answered yet, R-CMP-4): the owner answers by `respondBy`; missed, the sweeper escalates
 *   it to the supervisor on duty (shared/follow-up/actions/escalate.ts);
 * - `complaint-tell`: a solution was recorded: the customer hears it before the branch's day ends
 *   (as R-FUP-4 for calls); missed, it escalates the same way.
 * Both are done by the case's own requests (answer, close), never by the generic completion.
 */
export function responseDutyStep(
  store: Store,
  input: {
    branchId: string;
    complaintId: string;
    customerId: string;
    customerName: string;
    owner: string;
    respondBy: Date;
    now: Date;
    words: string;
  },
): { dutyId: string; step: Step } {
  const dueAt = input.respondBy.toISOString();
  const { duty, step } = scheduleDutyStep(store, {
    kind: 'complaint-response',
    subject: { kind: 'complaint', id: input.complaintId },
    record: { kind: 'customer', id: input.customerId },
    branchId: input.branchId,
    assignee: input.owner,
    openAt: input.now.toISOString(),
    dueAt,
    fireAt: dueAt,
    payload: {
      complaintId: input.complaintId,
      customerId: input.customerId,
      customerName: input.customerName,
      words: input.words.slice(0, 500),
    },
  });
  return { dutyId: duty.id, step };
}

export function tellDutyStep(
  store: Store,
  input: {
    branchId: string;
    complaintId: string;
    customerId: string;
    customerName: string;
    owner: string;
    at: Date;
    timeZone: string;
    solution: string;
  },
): { dutyId: string; step: Step } {
  const dueAt = endOfLocalDay(input.at, input.timeZone).toISOString();
  const { duty, step } = scheduleDutyStep(store, {
    kind: 'complaint-tell',
    subject: { kind: 'complaint', id: input.complaintId },
    record: { kind: 'customer', id: input.customerId },
    branchId: input.branchId,
    assignee: input.owner,
    openAt: input.at.toISOString(),
    dueAt,
    fireAt: dueAt,
    payload: {
      complaintId: input.complaintId,
      customerId: input.customerId,
      customerName: input.customerName,
      solution: input.solution.slice(0, 1000),
    },
  });
  return { dutyId: duty.id, step };
}

/** R-CMP-2: a missed promise (or an untold solution) goes to the supervisor on duty, due at once. */
const escalate = (store: Store) => (duty: Duty, ctx: { now: Date }) =>
  escalateIfOpen(store, duty, { now: ctx.now, dueAt: ctx.now }).then(() => undefined);

export function complaintPerformers(store: Store): Performers {
  return {
    'complaint-response': escalate(store),
    'complaint-tell': escalate(store),
  };
}

export const complaintCompletions: DutyCompletions = {
  'complaint-response': {
    elsewhere: 'recording the answer: POST /branches/{branchId}/complaints/{complaintId}/answer',
    rule: 'R-CMP-2',
  },
  'complaint-tell': {
    elsewhere:
      "recording the customer's satisfaction with the answer: POST /branches/{branchId}/complaints/{complaintId}/close",
    rule: 'R-CMP-3',
  },
};
