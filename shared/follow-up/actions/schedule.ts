import type { Customer } from '../../archive/schemas/customer';
import { branchPolicy } from '../../branches/store';
import { scheduleDutyStep } from '../../duty-engine/store';
import type { Policy } from '../../kernel/policy';
import type { Store } from '../../platform/dynamo/client';
import type { Step } from '../../platform/dynamo/records';
import { logger } from '../../platform/logger';
import type { NextServiceItem } from '../../reminders/schemas';
import { branchMembers } from '../../staff/store';
import {
  agentFor,
  endOfLocalDay,
  escalationDueAt,
  firstFollowUpWindow,
  secondFollowUpWindow,
} from '../rules';
import type { CallTopic } from '../schemas';
import { assigneeAt } from '../store/absences';

/**
 * The follow-up duties an exit, a visit or a call raises (R-FUP-1..5), as steps of its transaction:
 * - `follow-up-call` round 1, for the customer's follow-up agent, open 3 days after the car left
 *   (or after a consultation) and due at 7 days (R-FUP-2); recording the call completes it and
 *   raises round 2, open 1 week after the call and due 7 days later (R-FUP-3);
 * - `open-request`: a request the call could not answer, for the agent to study; still unsolved
 *   after 2 days it escalates to the supervisor (R-FUP-4);
 * - `tell-customer`: a solution was found; the customer hears it the same local day (R-FUP-4);
 * - `absence-start` / `absence-end`: an absent agent's open duties move to the delegate and back
 *   (R-FUP-1, shared/follow-up/store/absences.ts).
 * A human follow-up duty not done by its due time escalates to the branch supervisor.
 */

async function callerOf(
  store: Store,
  branchId: string,
  customer: Pick<Customer, 'id' | 'followUpAgentId'>,
  at: Date,
): Promise<{ assignee: string; delegatedFrom?: string } | undefined> {
  const agent = agentFor(customer, await branchMembers(store, branchId));
  return agent ? assigneeAt(store, branchId, agent, at) : undefined;
}

export interface FollowUpContext {
  /** What the call follows: the repair order that exited, or the consultation visit. */
  after: { kind: 'order' | 'visit'; id: string };
  /** Shown to the agent with the duty. */
  plate?: string | undefined;
  /**
   * R-ARC-5: the "下一次" service to bring up, as it stood when the call was scheduled (the exit);
   * `GET …/customers/{c}/next-service` gives it as it stands now.
   */
  nextService?: NextServiceItem[] | undefined;
}

/**
 * R-FUP-2: the first follow-up call after an exit or a consultation, as steps of that
 * transaction. Nothing when the branch has nobody to call (logged: the exit must not fail on it).
 */
export async function firstFollowUpSteps(
  store: Store,
  input: { branchId: string; customer: Customer; at: Date; context: FollowUpContext },
): Promise<Step[]> {
  const caller = await callerOf(store, input.branchId, input.customer, input.at);
  if (!caller) {
    logger.warn('no follow-up agent or supervisor to call the customer', {
      branchId: input.branchId,
      customerId: input.customer.id,
    });
    return [];
  }
  const window = firstFollowUpWindow(input.at, await branchPolicy(store, input.branchId));
  const { step } = scheduleDutyStep(store, {
    kind: 'follow-up-call',
    subject: { kind: 'customer', id: input.customer.id },
    branchId: input.branchId,
    ...caller,
    openAt: window.openAt.toISOString(),
    dueAt: window.dueAt.toISOString(),
    fireAt: window.dueAt.toISOString(),
    payload: callPayload(input.customer, { round: 1, ...contextPayload(input.context) }),
  });
  return [step];
}

/** At most this many next-service items ride on a call duty (its payload stays under 4 KB). */
const maxNextServiceItems = 6;

function nextServicePayload(items: NextServiceItem[] | undefined) {
  if (!items?.length) return {};
  return {
    nextService: items
      .slice(0, maxNextServiceItems)
      .map((item) => ({ ...item, reason: item.reason.slice(0, 240) })),
  };
}

function contextPayload(context: FollowUpContext) {
  return {
    after: context.after,
    ...(context.plate ? { plate: context.plate } : {}),
    ...nextServicePayload(context.nextService),
  };
}

/**
 * R-MKT-1: a reminder the customer cannot get by SMS (no mobile number) becomes a call for their
 * follow-up agent (their delegate while away, R-FUP-1), open now and due `callWithinDays` later,
 * listed under the customer (R-X-5). `undefined` when the branch has nobody to call.
 */
export async function reminderCallStep(
  store: Store,
  input: {
    branchId: string;
    customer: Customer;
    now: Date;
    subject: { kind: string; id: string };
    reason: string;
    nextService: NextServiceItem[];
  },
): Promise<{ dutyId: string; step: Step } | undefined> {
  const caller = await callerOf(store, input.branchId, input.customer, input.now);
  if (!caller) return undefined;
  const policy = await branchPolicy(store, input.branchId);
  const dueAt = new Date(input.now.getTime() + policy.reminders.callWithinDays * 86_400_000).toISOString();
  const { duty, step } = scheduleDutyStep(store, {
    kind: 'reminder-call',
    subject: input.subject,
    record: { kind: 'customer', id: input.customer.id },
    branchId: input.branchId,
    ...caller,
    openAt: input.now.toISOString(),
    dueAt,
    fireAt: dueAt,
    payload: callPayload(input.customer, {
      customerId: input.customer.id,
      reason: input.reason.slice(0, 500),
      ...nextServicePayload(input.nextService),
    }),
  });
  return { dutyId: duty.id, step };
}

/** What the agent sees on a call duty: whom to call, when it suits them (R-FUP-5), which round. */
function callPayload(customer: Customer, extra: Record<string, unknown>) {
  return {
    customerName: customer.name,
    ...(customer.phones[0] ? { phone: customer.phones[0].number } : {}),
    ...(customer.preferredContactTimes ? { preferredContactTimes: customer.preferredContactTimes } : {}),
    ...extra,
  };
}

/**
 * R-FUP-3: the first call was made at `callAt`: the second opens a week later and is due 7 days
 * after that. It carries the first call's topics, so the agent brings up something new.
 */
export async function secondFollowUpSteps(
  store: Store,
  input: {
    branchId: string;
    customer: Customer;
    callAt: Date;
    firstCall: { id: string; topics: CallTopic[] };
    after?: unknown;
  },
): Promise<Step[]> {
  const caller = await callerOf(store, input.branchId, input.customer, input.callAt);
  if (!caller) return [];
  const window = secondFollowUpWindow(input.callAt, await branchPolicy(store, input.branchId));
  const { step } = scheduleDutyStep(store, {
    kind: 'follow-up-call',
    subject: { kind: 'customer', id: input.customer.id },
    branchId: input.branchId,
    ...caller,
    openAt: window.openAt.toISOString(),
    dueAt: window.dueAt.toISOString(),
    fireAt: window.dueAt.toISOString(),
    payload: callPayload(input.customer, {
      round: 2,
      firstCallId: input.firstCall.id,
      firstCallTopics: input.firstCall.topics,
      ...(input.after ? { after: input.after } : {}),
    }),
  });
  return [step];
}

/**
 * R-FUP-4: an item the call could not answer: the agent who took the call studies it; unsolved
 * after 2 days, the sweeper escalates it to the supervisor.
 */
export function openRequestStep(
  store: Store,
  input: {
    branchId: string;
    callId: string;
    itemId: string;
    customerId: string;
    text: string;
    agent: string;
    callAt: Date;
    now: Date;
    policy: Policy;
  },
): { dutyId: string; step: Step } {
  const dueAt = escalationDueAt(input.callAt, input.policy).toISOString();
  const { duty, step } = scheduleDutyStep(store, {
    kind: 'open-request',
    subject: { kind: 'call', id: input.callId },
    // R-X-5: the customer's duties list what their calls left open.
    record: { kind: 'customer', id: input.customerId },
    branchId: input.branchId,
    assignee: input.agent,
    openAt: input.now.toISOString(),
    dueAt,
    fireAt: dueAt,
    payload: { itemId: input.itemId, customerId: input.customerId, text: input.text.slice(0, 500) },
  });
  return { dutyId: duty.id, step };
}

/**
 * R-FUP-4: a solution was found at `at`: the customer's agent (their delegate while away) tells
 * the customer before the branch's day ends.
 */
export async function tellCustomerStep(
  store: Store,
  input: {
    branchId: string;
    customer: Customer;
    callId: string;
    itemId: string;
    solution: string;
    at: Date;
    timeZone: string;
    fallback: string;
  },
): Promise<{ dutyId: string; step: Step }> {
  const caller = (await callerOf(store, input.branchId, input.customer, input.at)) ?? {
    assignee: input.fallback,
  };
  const dueAt = endOfLocalDay(input.at, input.timeZone).toISOString();
  const { duty, step } = scheduleDutyStep(store, {
    kind: 'tell-customer',
    subject: { kind: 'call', id: input.callId },
    record: { kind: 'customer', id: input.customer.id },
    branchId: input.branchId,
    ...caller,
    openAt: input.at.toISOString(),
    dueAt,
    fireAt: dueAt,
    payload: callPayload(input.customer, {
      customerId: input.customer.id,
      itemId: input.itemId,
      solution: input.solution.slice(0, 1000),
    }),
  });
  return { dutyId: duty.id, step };
}
