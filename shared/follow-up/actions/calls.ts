import { ulid } from 'ulid';
import { customerPartition, getCustomer, preferredContactTimesSteps } from '../../archive/store/customers';
import { branchPolicy, branchSettings } from '../../branches/store';
import { openComplaintSteps } from '../../complaints/actions';
import type { Duty } from '../../duty-engine/schemas';
import { completeDutyStep, getDuty, openEscalationOf } from '../../duty-engine/store';
import type { Actor } from '../../kernel/access';
import {
  ConflictError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  VersionConflictError,
} from '../../kernel/errors';
import { policyFor } from '../../kernel/policy';
import { zodIssues } from '../../kernel/zod-issues';
import { staffRef } from '../../orders/store/orders';
import type { Store } from '../../platform/dynamo/client';
import {
  type Idempotency,
  idempotencyStep,
  logEntryItem,
  putStep,
  type Step,
  stampNew,
  transact,
} from '../../platform/dynamo/records';
import { clock } from '../../platform/ports/clock';
import { callRound, checkCallBody, checkCallDuty, checkSecondCall } from '../rules';
import { type Call, type CallItem, type RecordCallBody, recordCallBody } from '../schemas';
import { callItem, getCall } from '../store/calls';
import { openRequestStep, secondFollowUpSteps, tellCustomerStep } from './schedule';

/** Recording calls and solving what they left open (R-FUP-2..6, shared/follow-up/store/calls.ts). */
/** The duty a call carries out, checked: its kind fits the call, it is about this customer, it is open and the caller's. */
async function dutyOfCall(
  store: Store,
  branchId: string,
  body: { dutyId?: string | undefined; purpose: Call['purpose']; customerId: string },
  actor: Actor,
): Promise<Duty | undefined> {
  if (!body.dutyId) return undefined;
  const duty = await getDuty(store, branchId, body.dutyId);
  checkCallDuty(duty, body, actor);
  return duty;
}

/**
 * Records a call (R-FUP-4, R-FUP-6) in one transaction: the record in the call register, an
 * `open-request` duty per request or wish left unanswered, a complaint case per complaint item
 * (R-CMP-1: answered in the call or carried by the case's response duty), the customer's timeline entry, the completion of
 * the duty the call carries out and, after a first follow-up call, the second one (R-FUP-3).
 */
export async function recordCall(
  store: Store,
  branchId: string,
  input: RecordCallBody,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<Call> {
  const parsed = recordCallBody.safeParse(input);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, 'body'));
  const body = parsed.data;
  const now = clock().now();
  const at = body.at ? new Date(body.at) : now;
  checkCallBody(body, at, now, policyFor());
  const [customer, duty] = await Promise.all([
    getCustomer(store, branchId, body.customerId),
    dutyOfCall(store, branchId, body, actor),
  ]);
  // A call made late also settles the supervisor's escalation of it.
  const escalation = duty ? await openEscalationOf(store, branchId, duty.id) : undefined;
  if (duty) checkSecondCall(duty, body.topics);
  const round = callRound(duty);

  const id = ulid(now.getTime());
  const atIso = at.toISOString();
  const nowIso = now.toISOString();
  const policy = await branchPolicy(store, branchId);
  const opened: Step[] = [];
  const items: CallItem[] = body.items.map((item, index) => {
    const itemId = String(index + 1);
    // R-CMP-1, R-FUP-4: a complaint is handled in its complaint case, answered or not (one
    // model): the case and its response duty go into this transaction, the item points at it.
    if (item.kind === 'complaint') {
      const { complaint, steps } = openComplaintSteps(store, {
        branchId,
        body: {
          channel: 'call_item',
          customerId: customer.id,
          words: item.text,
          category: item.category ?? 'other',
          call: { callId: id, itemId },
          ...(item.answer ? { answer: item.answer } : {}),
        },
        customer,
        actor,
        now,
        policy,
      });
      opened.push(...steps);
      return {
        id: itemId,
        kind: item.kind,
        text: item.text,
        status: item.answer ? 'answered' : 'case',
        ...(item.answer ? { answer: item.answer } : {}),
        complaintId: complaint.id,
      };
    }
    if (item.answer)
      return { id: itemId, kind: item.kind, text: item.text, status: 'answered', answer: item.answer };
    const request = openRequestStep(store, {
      branchId,
      callId: id,
      itemId,
      customerId: customer.id,
      text: item.text,
      agent: actor.staffId,
      callAt: at,
      now,
      policy,
    });
    opened.push(request.step);
    return { id: itemId, kind: item.kind, text: item.text, status: 'open', dutyId: request.dutyId };
  });
  const afterDuty = duty?.payload.after as { kind?: string; id?: string } | undefined;
  const call: Call = {
    id,
    branchId,
    customerId: customer.id,
    customerName: customer.name,
    direction: body.direction,
    purpose: body.purpose,
    ...(round ? { round } : {}),
    ...(duty ? { dutyId: duty.id } : {}),
    ...(afterDuty?.kind === 'order' && afterDuty.id ? { orderId: afterDuty.id } : {}),
    at: atIso,
    ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
    agent: staffRef(actor),
    topics: body.topics,
    keyPoints: body.keyPoints,
    items,
    ...(body.vehicleCondition ? { vehicleCondition: body.vehicleCondition } : {}),
    ...(body.preferredContactTimes ? { preferredContactTimes: body.preferredContactTimes } : {}),
    ...stampNew(actor, nowIso),
  };
  const second =
    round === 1
      ? await secondFollowUpSteps(store, {
          branchId,
          customer,
          callAt: at,
          firstCall: { id, topics: body.topics },
          after: duty?.payload.after,
        })
      : [];
  await transact(store, [
    ...(idempotency ? [idempotencyStep(store, idempotency, call, nowIso)] : []),
    putStep(store, callItem(call), {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => new ConflictError(`call ${id} exists`),
    }),
    // The call's own time goes with it: the follow-up KPI judges when the customer was called,
    // not when it was typed in (R-FUP-2, R-RPT-3).
    ...(duty
      ? [completeDutyStep(store, duty, { actor, at: nowIso, result: { callId: id, callAt: atIso } })]
      : []),
    ...(escalation
      ? [completeDutyStep(store, escalation, { actor, at: nowIso, result: { callId: id } })]
      : []),
    ...opened,
    ...second,
    ...preferredContactTimesSteps(store, customer, body.preferredContactTimes, actor, nowIso),
    putStep(
      store,
      logEntryItem(
        {
          actor,
          action: 'call.recorded',
          subject: { kind: 'call', id },
          summary: `${body.direction === 'incoming' ? 'Incoming' : 'Outgoing'} ${body.purpose} call${round ? ` (round ${round})` : ''}: ${body.keyPoints.slice(0, 120)}`,
          changes: [],
          logPartition: customerPartition(branchId, customer.id),
        },
        nowIso,
      ),
    ),
  ]);
  return call;
}

/**
 * R-FUP-4: a solution to an open item was found. One transaction: the item is solved, its
 * `open-request` duty (and the supervisor's escalation of it, if it went that far) completed, and
 * a `tell-customer` duty raised, due before the branch's day ends.
 */
export async function solveCallItem(
  store: Store,
  input: {
    branchId: string;
    callId: string;
    itemId: string;
    version: number;
    solution: string;
    actor: Actor;
  },
): Promise<Call> {
  const { branchId, actor } = input;
  const call = await getCall(store, branchId, input.callId);
  const item = call.items.find((i) => i.id === input.itemId);
  if (!item) throw new NotFoundError(`Call ${call.id} has no item ${input.itemId}`);
  if (item.status === 'case' && item.complaintId) {
    throw new RuleViolationError(
      `Item ${item.id} of call ${call.id} is complaint ${item.complaintId}: record its solution with POST /branches/${branchId}/complaints/${item.complaintId}/solve`,
      'R-CMP-1',
    );
  }
  if (item.status !== 'open')
    throw new ConflictError(`Item ${item.id} of call ${call.id} is already ${item.status}`);
  if (call.version !== input.version) {
    throw new VersionConflictError(
      `You read version ${input.version}; the call is at ${call.version}`,
      call.version,
    );
  }
  const now = clock().now();
  const at = now.toISOString();
  const [customer, branch, request, escalation] = await Promise.all([
    getCustomer(store, branchId, call.customerId),
    branchSettings(store, branchId),
    item.dutyId ? getDuty(store, branchId, item.dutyId) : undefined,
    item.dutyId ? openEscalationOf(store, branchId, item.dutyId) : undefined,
  ]);
  const tell = await tellCustomerStep(store, {
    branchId,
    customer,
    callId: call.id,
    itemId: item.id,
    solution: input.solution,
    at: now,
    timeZone: branch.timeZone,
    fallback: actor.staffId,
  });
  const solved: CallItem = {
    ...item,
    status: 'solved',
    solution: input.solution,
    solvedAt: at,
    solvedBy: staffRef(actor),
    tellDutyId: tell.dutyId,
  };
  const next: Call = {
    ...call,
    items: call.items.map((i) => (i.id === item.id ? solved : i)),
    version: call.version + 1,
    updatedAt: at,
    updatedBy: actor.staffId,
  };
  const result = { solution: input.solution.slice(0, 500) };
  const open = (d: Duty | undefined): d is Duty =>
    d !== undefined && !d.completedAt && d.status !== 'cancelled';
  await transact(store, [
    putStep(store, callItem(next), {
      expression: '#version = :read',
      names: { '#version': 'version' },
      values: { ':read': call.version },
      onConditionFailed: () =>
        new VersionConflictError('The call changed after you read it; reload and retry'),
    }),
    ...[request, escalation].filter(open).map((d) => completeDutyStep(store, d, { actor, at, result })),
    tell.step,
    putStep(
      store,
      logEntryItem(
        {
          actor,
          action: 'call.item-solved',
          subject: { kind: 'call', id: call.id },
          summary: `Solution for "${item.text.slice(0, 60)}": ${input.solution.slice(0, 120)}; tell the customer today`,
          changes: ['items'],
          logPartition: customerPartition(branchId, call.customerId),
        },
        at,
      ),
    ),
  ]);
  return next;
}
