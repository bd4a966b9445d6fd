import { ulid } from 'ulid';
import type * as z from 'zod';
import type { Customer } from '../archive/schemas/customer';
import { customerPartition, getCustomer } from '../archive/store/customers';
import { getVehicle } from '../archive/store/vehicles';
import { policyOf } from '../branches/rules';
import { branchSettings } from '../branches/store';
import type { Duty } from '../duty-engine/schemas';
import { completeDutyStep, getDuty, openEscalationOf } from '../duty-engine/store';
import type { Actor } from '../kernel/access';
import { RuleViolationError, ValidationError } from '../kernel/errors';
import type { Policy } from '../kernel/policy';
import { nextVersion, requireReadVersion } from '../kernel/versions';
import { zodIssues } from '../kernel/zod-issues';
import { getOrder } from '../orders/store/orders';
import type { Store } from '../platform/dynamo/client';
import {
  type Idempotency,
  idempotencyStep,
  logEntryItem,
  putStep,
  type Step,
  stampNew,
  transact,
} from '../platform/dynamo/records';
import { clock } from '../platform/ports/clock';
import { branchMembers } from '../staff/store';
import { responseDutyStep, tellDutyStep } from './duties';
import {
  answerTiming,
  type ComplaintAction,
  checkChannelLinks,
  checkPromise,
  requireComplaintAction,
  responseDeadline,
} from './rules';
import {
  answerComplaintBody,
  type Complaint,
  closeComplaintBody,
  type OpenComplaint,
  openComplaintBody,
  promiseComplaintBody,
  solveComplaintBody,
} from './schemas';
import { complaintUpdateStep, getComplaint, newComplaintStep } from './store';

/**
 * The use cases of a complaint case (R-CMP-1..4, reception rule 14): take it (any channel), answer
 * it, promise a response time, record the solution (the customer is told today), close it with the
 * customer's satisfaction. One transaction each: the case (version-conditioned), its duties and its
 * entry on the customer's timeline (R-ARC-4).
 */
const staffRef = (actor: Pick<Actor, 'staffId' | 'name'>) => ({ staffId: actor.staffId, name: actor.name });

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, 'body'));
  return parsed.data;
}

function logStep(
  store: Store,
  complaint: Pick<Complaint, 'id' | 'branchId' | 'customerId'>,
  actor: Pick<Actor, 'staffId' | 'name'>,
  action: string,
  summary: string,
  changes: string[],
  at: string,
): Step {
  return putStep(
    store,
    logEntryItem(
      {
        actor: actor as Actor,
        action,
        subject: { kind: 'complaint', id: complaint.id },
        summary,
        changes,
        logPartition: customerPartition(complaint.branchId, complaint.customerId),
      },
      at,
    ),
  );
}

/**
 * R-CMP-1, R-CMP-2, R-CMP-4: the case of a complaint as steps of the caller's transaction (a
 * follow-up call's complaint item opens one inside the call's). The input is parsed and the rules
 * checked; the customer is read by the caller.
 */
export function openComplaintSteps(
  store: Store,
  input: {
    branchId: string;
    body: OpenComplaint;
    customer: Pick<Customer, 'id' | 'name'>;
    actor: Pick<Actor, 'staffId' | 'name'>;
    now: Date;
    policy: Pick<Policy, 'complaints'>;
    id?: string;
  },
): { complaint: Complaint; steps: Step[] } {
  const body = parse(openComplaintBody, input.body);
  checkChannelLinks(body);
  const { branchId, customer, actor, now } = input;
  const at = now.toISOString();
  const respondBy = responseDeadline(body, now, input.policy);
  const id = input.id ?? ulid(now.getTime());
  const owner = body.ownerId ?? actor.staffId;
  const steps: Step[] = [];
  let promise: Complaint['promise'];
  if (respondBy) {
    const duty = responseDutyStep(store, {
      branchId,
      complaintId: id,
      customerId: customer.id,
      customerName: customer.name,
      owner,
      respondBy,
      now,
      words: body.words,
    });
    steps.push(duty.step);
    const told =
      body.told ??
      (body.respondBy && (body.channel === 'phone' || body.channel === 'in_person')
        ? { method: body.channel }
        : undefined);
    promise = {
      respondBy: respondBy.toISOString(),
      dutyId: duty.dutyId,
      ...(told ? { told: { method: told.method, at: told.at ? new Date(told.at).toISOString() : at } } : {}),
      promisedBy: staffRef(actor),
      at,
    };
  }
  const complaint: Complaint = {
    id,
    branchId,
    state: body.answer ? 'answered' : 'open',
    channel: body.channel,
    category: body.category,
    customerId: customer.id,
    customerName: customer.name,
    ...(body.orderId ? { orderId: body.orderId } : {}),
    ...(body.vehicleId ? { vehicleId: body.vehicleId } : {}),
    words: body.words,
    ...(body.replyLetterId ? { replyLetterId: body.replyLetterId } : {}),
    ...(body.call ? { call: body.call } : {}),
    takenAt: at,
    takenBy: staffRef(actor),
    owner: { staffId: owner },
    ...(promise ? { promise } : {}),
    promises: body.respondBy ? 1 : 0,
    ...(body.answer
      ? { answer: { text: body.answer, at, by: staffRef(actor), minutes: 0, onTime: true } }
      : {}),
    ...stampNew(actor as Actor, at),
  };
  steps.unshift(newComplaintStep(store, complaint));
  steps.push(
    logStep(
      store,
      complaint,
      actor,
      'complaint.taken',
      `Complaint (${complaint.channel}, ${complaint.category}): ${complaint.words.slice(0, 100)}; ${
        body.answer ? 'answered at once' : `response by ${promise?.respondBy ?? ''}`
      }`,
      Object.keys(body).sort(),
      at,
    ),
  );
  return { complaint, steps };
}

/** R-CMP-2: a named owner is a member of the branch. */
async function checkOwner(store: Store, branchId: string, ownerId: string | undefined, actor: Actor) {
  if (!ownerId || ownerId === actor.staffId) return;
  const members = await branchMembers(store, branchId);
  if (!members.some((m) => m.id === ownerId && (m.status === 'regular' || m.status === 'probation'))) {
    throw new RuleViolationError(`Staff ${ownerId} is not an active member of branch ${branchId}`, 'R-CMP-2');
  }
}

/**
 * R-CMP-1..4: takes a complaint (phone, in person, a call item, an SMS reply, a survey score):
 * reads the customer, the branch and what it names, in parallel; one transaction: the case in the
 * complaint register, the owner's `complaint-response` duty when not answered at once, and the
 * customer's timeline entry. Returns the case.
 */
export async function openComplaint(
  store: Store,
  branchId: string,
  input: OpenComplaint,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<Complaint> {
  const body = parse(openComplaintBody, input);
  const now = clock().now();
  const [customer, branch] = await Promise.all([
    getCustomer(store, branchId, body.customerId),
    branchSettings(store, branchId),
    body.orderId ? getOrder(store, branchId, body.orderId) : undefined,
    body.vehicleId ? getVehicle(store, branchId, body.vehicleId) : undefined,
    checkOwner(store, branchId, body.ownerId, actor),
  ]);
  const { complaint, steps } = openComplaintSteps(store, {
    branchId,
    body,
    customer,
    actor,
    now,
    policy: policyOf(branch),
  });
  await transact(store, [
    ...(idempotency ? [idempotencyStep(store, idempotency, complaint, now.toISOString())] : []),
    ...steps,
  ]);
  return complaint;
}

export function getComplaintCase(store: Store, branchId: string, complaintId: string): Promise<Complaint> {
  return getComplaint(store, branchId, complaintId);
}

type Ref = { branchId: string; complaintId: string };

async function current(store: Store, ref: Ref, action: ComplaintAction, version: number): Promise<Complaint> {
  const complaint = await getComplaint(store, ref.branchId, ref.complaintId);
  requireComplaintAction(complaint, action);
  requireReadVersion('complaint', version, complaint.version);
  return complaint;
}

const isOpen = (d: Duty | undefined): d is Duty =>
  d !== undefined && !d.completedAt && d.status !== 'cancelled';

/** The open duty of `dutyId` and the supervisor's escalation of it, completed in the transaction. */
async function dutyCompletions(
  store: Store,
  branchId: string,
  dutyId: string | undefined,
  input: { actor: Actor; at: string; result: Record<string, unknown> },
): Promise<Step[]> {
  if (!dutyId) return [];
  const [duty, escalation] = await Promise.all([
    getDuty(store, branchId, dutyId),
    openEscalationOf(store, branchId, dutyId),
  ]);
  return [duty, escalation].filter(isOpen).map((d) => completeDutyStep(store, d, input));
}

/** The answer as recorded now (R-CMP-3: response time and whether it kept the promise). */
function answerOf(
  complaint: Complaint,
  text: string,
  now: Date,
  actor: Actor,
): NonNullable<Complaint['answer']> {
  return { text, at: now.toISOString(), by: staffRef(actor), ...answerTiming(complaint, now) };
}

/** R-CMP-2: the answer; completes the response duty (and its escalation). */
export async function answerComplaint(
  store: Store,
  ref: Ref,
  input: unknown,
  actor: Actor,
): Promise<Complaint> {
  const body = parse(answerComplaintBody, input);
  const before = await current(store, ref, 'answer', body.version);
  const now = clock().now();
  const at = now.toISOString();
  const answer = answerOf(before, body.answer, now, actor);
  const next: Complaint = { ...nextVersion(before, actor, at), state: 'answered', answer };
  const done = await dutyCompletions(store, ref.branchId, before.promise?.dutyId, {
    actor,
    at,
    result: { answer: body.answer.slice(0, 500) },
  });
  await transact(store, [
    complaintUpdateStep(store, next, before.version),
    ...done,
    logStep(
      store,
      next,
      actor,
      'complaint.answered',
      `Answered after ${answer.minutes} min${answer.onTime ? '' : ' (after the promised time)'}: ${body.answer.slice(0, 100)}`,
      ['answer', 'state'],
      at,
    ),
  ]);
  return next;
}

/**
 * R-CMP-2: the customer is promised a (new) response time 下次答復時間 and told it: the response
 * duty moves to a new one due then (the old one, and its escalation, are completed).
 */
export async function promiseComplaint(
  store: Store,
  ref: Ref,
  input: unknown,
  actor: Actor,
): Promise<Complaint> {
  const body = parse(promiseComplaintBody, input);
  const before = await current(store, ref, 'promise', body.version);
  const now = clock().now();
  const at = now.toISOString();
  const [branch] = await Promise.all([
    branchSettings(store, ref.branchId),
    checkOwner(store, ref.branchId, body.ownerId, actor),
  ]);
  const respondBy = checkPromise(new Date(body.respondBy), now, policyOf(branch));
  const owner = body.ownerId ?? before.owner.staffId;
  const duty = responseDutyStep(store, {
    branchId: ref.branchId,
    complaintId: before.id,
    customerId: before.customerId,
    customerName: before.customerName,
    owner,
    respondBy,
    now,
    words: before.words,
  });
  const next: Complaint = {
    ...nextVersion(before, actor, at),
    owner: { staffId: owner },
    promises: before.promises + 1,
    promise: {
      respondBy: respondBy.toISOString(),
      dutyId: duty.dutyId,
      told: { method: body.told.method, at: body.told.at ? new Date(body.told.at).toISOString() : at },
      promisedBy: staffRef(actor),
      at,
    },
  };
  const done = await dutyCompletions(store, ref.branchId, before.promise?.dutyId, {
    actor,
    at,
    result: { promisedAgain: respondBy.toISOString() },
  });
  await transact(store, [
    complaintUpdateStep(store, next, before.version),
    ...done,
    duty.step,
    logStep(
      store,
      next,
      actor,
      'complaint.promised',
      `Response promised by ${respondBy.toISOString()}, told ${body.told.method}`,
      ['promise'],
      at,
    ),
  ]);
  return next;
}

/**
 * R-CMP-2, R-FUP-4: the solution; a case still open is answered by it too. The customer is told
 * the same day: a `complaint-tell` duty for the owner, due before the branch's day ends.
 */
export async function solveComplaint(
  store: Store,
  ref: Ref,
  input: unknown,
  actor: Actor,
): Promise<Complaint> {
  const body = parse(solveComplaintBody, input);
  const before = await current(store, ref, 'solve', body.version);
  const now = clock().now();
  const at = now.toISOString();
  const branch = await branchSettings(store, ref.branchId);
  const tell = tellDutyStep(store, {
    branchId: ref.branchId,
    complaintId: before.id,
    customerId: before.customerId,
    customerName: before.customerName,
    owner: before.owner.staffId,
    at: now,
    timeZone: branch.timeZone,
    solution: body.solution,
  });
  const answer = before.answer ?? answerOf(before, body.solution, now, actor);
  const next: Complaint = {
    ...nextVersion(before, actor, at),
    state: 'solved',
    answer,
    solution: { text: body.solution, at, by: staffRef(actor), tellDutyId: tell.dutyId },
  };
  const done = before.answer
    ? []
    : await dutyCompletions(store, ref.branchId, before.promise?.dutyId, {
        actor,
        at,
        result: { solution: body.solution.slice(0, 500) },
      });
  await transact(store, [
    complaintUpdateStep(store, next, before.version),
    ...done,
    tell.step,
    logStep(
      store,
      next,
      actor,
      'complaint.solved',
      `Solution: ${body.solution.slice(0, 120)}; tell the customer today`,
      before.answer ? ['solution', 'state'] : ['answer', 'solution', 'state'],
      at,
    ),
  ]);
  return next;
}

/**
 * R-CMP-3: the customer's satisfaction with the answer (or not reachable) is recorded and the case
 * closes; the tell duty of a solved case is done by it (the customer was told and asked).
 */
export async function closeComplaint(
  store: Store,
  ref: Ref,
  input: unknown,
  actor: Actor,
): Promise<Complaint> {
  const body = parse(closeComplaintBody, input);
  const before = await current(store, ref, 'close', body.version);
  const at = clock().now().toISOString();
  const next: Complaint = {
    ...nextVersion(before, actor, at),
    state: 'closed',
    closure: {
      satisfaction: body.satisfaction,
      ...(body.note ? { note: body.note } : {}),
      at,
      by: staffRef(actor),
    },
  };
  const done = await dutyCompletions(store, ref.branchId, before.solution?.tellDutyId, {
    actor,
    at,
    result: { satisfaction: body.satisfaction },
  });
  await transact(store, [
    complaintUpdateStep(store, next, before.version),
    ...done,
    logStep(
      store,
      next,
      actor,
      'complaint.closed',
      `Closed: the customer is ${body.satisfaction.replace('_', ' ')}${body.note ? ` (${body.note.slice(0, 80)})` : ''}`,
      ['closure', 'state'],
      at,
    ),
  ]);
  return next;
}
