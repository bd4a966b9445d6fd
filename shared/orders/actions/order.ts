import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Customer } from '../../archive/schemas/customer';
import type { Vehicle } from '../../archive/schemas/vehicle';
import { customerKey } from '../../archive/store/customers';
import { handoverReadingSteps, vehicleKey } from '../../archive/store/vehicles';
import { branchSettings } from '../../branches/store';
import type { Duty } from '../../duty-engine/schemas';
import { dutiesOfRecord } from '../../duty-engine/store';
import type { Actor } from '../../kernel/access';
import {
  ConflictError,
  IdempotencyKeyReusedError,
  IdempotentReplay,
  NotFoundError,
  RuleViolationError,
} from '../../kernel/errors';
import { type OpeningHours, openingHoursOf } from '../../kernel/opening-hours';
import { type Policy, policyFor } from '../../kernel/policy';
import type { Store } from '../../platform/dynamo/client';
import {
  fromItem,
  getConsistentRecord,
  getRecord,
  type Idempotency,
  type Item,
  idempotencyItemKey,
  idempotencyStep,
  type Key,
  putStep,
  type Step,
  transact,
} from '../../platform/dynamo/records';
import { nowIso } from '../../platform/ports/clock';
import type { Visit } from '../../reception/schemas/visit';
import { estimateConvertedStep, getEstimate } from '../../reception/store/estimates';
import { visitClosedByOrderSteps, visitKey } from '../../reception/store/visits';
import { registerEntryStep } from '../../registers/store';
import { branchMembers } from '../../staff/store';
import {
  cancelOrderDutySteps,
  inspectionDutySteps,
  rescheduleOrderDutySteps,
  scheduleOrderDutySteps,
} from '../duties/lifecycle';
import { confirmationTime, declinedBill, revisedDraft } from '../rules/draft';
import { movedPromise, newOrderPromise } from '../rules/promise';
import type { OrderAction } from '../rules/state-machine';
import {
  deliverableRequest,
  finishingTeam,
  partsRequestTeam,
  teamsAssigned,
  transferDecision,
  workDone,
} from '../rules/workshop';
import { type Order, payment } from '../schemas/order';
import type {
  AssignTeams,
  CancelOrder,
  CompleteWork,
  ConfirmOrder,
  CreateOrder,
  DeclineOrder,
  DeliverParts,
  MovePromise,
  RecordHandover,
  RequestParts,
  ReviseOrder,
  TransferOrder,
} from '../schemas/order-requests';
import {
  type ActionResult,
  applyOrderAction,
  getOrder,
  newOrderSteps,
  orderHref,
  orderPartition,
  staffRef,
} from '../store/orders';
import { teamLoadStep, teamLoads } from '../store/workshop';

/**
 * The repair order from its creation to the inspector's queue (R-RO-1..5, R-WS-2/4/5, R-REC-2).
 * Every action goes through `applyOrderAction`: one read of the order, the state machine, then one
 * transaction with the order, the steps below and the log entries. The rules they apply are pure
 * functions of ../rules (draft.ts, promise.ts, workshop.ts): an action reads, calls them and writes.
 * Times are stored in UTC (R-X-2), which also keeps the job board's `<promisedAt>#<id>` sort key in
 * time order.
 */
export interface OrderRef {
  branchId: string;
  orderId: string;
}

/** The chain's policy; branches carry no overrides of these numbers. */
const policy = (): Policy => policyFor();

/**
 * R-RO-2: the branch's opening hours, read alongside the order (cached a minute, so usually no
 * request); awaited inside `apply`, and a failure before it is not an unhandled rejection.
 */
function openingRead(store: Store, branchId: string): Promise<OpeningHours> {
  const read = branchSettings(store, branchId).then(openingHoursOf);
  read.catch(() => undefined);
  return read;
}

function act(
  store: Store,
  ref: OrderRef,
  action: OrderAction,
  version: number,
  actor: Actor,
  apply: (order: Order, context: { at: string }) => Promise<ActionResult> | ActionResult,
): Promise<Order> {
  return applyOrderAction(store, { ...ref, action, expectedVersion: version, actor, apply });
}

/**
 * A retried create whose first attempt went through answers with the first answer, even when a
 * rule checked before the write would now refuse it (the estimate is converted, time has moved).
 */
async function replayIfDone(store: Store, idempotency: Idempotency | undefined): Promise<void> {
  if (!idempotency) return;
  const stored = await getConsistentRecord(store, idempotencyItemKey(idempotency));
  if (!stored) return;
  if (stored.fingerprint === idempotency.fingerprint) throw new IdempotentReplay(stored.response);
  throw new IdempotencyKeyReusedError(
    'This Idempotency-Key was already used for a different request; use a new key for a new request',
  );
}

/**
 * The estimate's customer, vehicle and visit (when it names one) in one BatchGetItem (strongly
 * consistent).
 */
async function orderParties(
  store: Store,
  branchId: string,
  estimate: { customerId: string; vehicleId: string; visitId?: string | undefined },
) {
  const keys: Key[] = [
    customerKey(branchId, estimate.customerId),
    vehicleKey(branchId, estimate.vehicleId),
    ...(estimate.visitId ? [visitKey(branchId, estimate.visitId)] : []),
  ];
  const found: Item[] = [];
  let pending = keys;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 5) throw new Error('BatchGetItem left keys unprocessed after 5 attempts');
    const result = await store.doc.send(
      new BatchGetCommand({ RequestItems: { [store.tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    found.push(...((result.Responses?.[store.tableName] ?? []) as Item[]));
    pending = (result.UnprocessedKeys?.[store.tableName]?.Keys ?? []) as Key[];
  }
  const find = (key: Key | undefined) =>
    key ? found.find((i) => i.pk === key.pk && i.sk === key.sk) : undefined;
  const customer = find(keys[0]);
  const vehicle = find(keys[1]);
  const visit = find(keys[2]);
  if (!customer) throw new NotFoundError(`Customer ${estimate.customerId} of the estimate was not found`);
  if (!vehicle) throw new NotFoundError(`Vehicle ${estimate.vehicleId} of the estimate was not found`);
  return {
    customer: fromItem<Customer>(customer),
    vehicle: fromItem<Vehicle>(vehicle),
    visit: visit ? fromItem<Visit>(visit) : undefined,
  };
}

/** R-APT-2: an appointment's deposit (carried on its visit) as a deposit payment of the order. */
function appointmentDeposit(deposit: NonNullable<Visit['deposit']>, id: string): Order['payments'][number] {
  const parsed = payment.shape.method.safeParse(deposit.method);
  return {
    id,
    amount: deposit.amount,
    method: parsed.success ? parsed.data : 'cash',
    ...(deposit.reference ? { reference: deposit.reference } : {}),
    deposit: true,
    receivedBy: deposit.receivedBy,
    at: deposit.at,
  };
}

/**
 * R-RO-1: a draft order made from an estimate: its customer, vehicle, pricing, lines, totals and
 * notices, the branch's currency, the promised time (R-RO-2) and the customer's other requests.
 * The estimate is marked converted in the same transaction, so one estimate makes one order (409).
 * The vehicle gets its one open order (R-RO-6) and the visit the estimate came from closes with
 * it (R-REC-1). Requests: GetItem estimate (and the branch, cached a minute), BatchGetItem
 * customer + vehicle (+ visit), one TransactWriteItems.
 */
export async function createOrder(
  store: Store,
  branchId: string,
  input: CreateOrder,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<Order> {
  const at = nowIso();
  let order: Order;
  let estimateStep: Step;
  let visit: Visit | undefined;
  try {
    const [estimate, branch] = await Promise.all([
      getEstimate(store, branchId, input.estimateId),
      branchSettings(store, branchId),
    ]);
    const parties = await orderParties(store, branchId, estimate);
    const { customer, vehicle } = parties;
    visit = parties.visit;
    const promisedAt = newOrderPromise({
      estimate,
      promisedAt: input.promisedAt,
      now: at,
      bufferMinutes: policy().order.promiseBufferMinutes,
      opening: openingHoursOf(branch),
    });
    order = {
      id: ulid(),
      branchId,
      currency: branch.currency,
      state: 'draft',
      customerId: customer.id,
      vehicleId: vehicle.id,
      plate: vehicle.plate,
      customerName: customer.name,
      estimateId: estimate.id,
      ...(estimate.visitId ? { visitId: estimate.visitId } : {}),
      ...(vehicle.vehicleType ? { vehicleType: vehicle.vehicleType } : {}),
      repairCategory: input.repairCategory ?? 'repair',
      pricingMethod: estimate.pricingMethod,
      riskPremiumPercent: estimate.riskPremiumPercent,
      lines: estimate.lines,
      totals: estimate.totals,
      notices: estimate.notices,
      promisedAt,
      originalPromisedAt: promisedAt,
      ...(input.otherRequests ? { otherRequests: input.otherRequests } : {}),
      advisor: staffRef(actor),
      teams: [],
      partsRequests: [],
      addOns: [],
      inspections: [],
      // R-APT-2, R-PKP-4: the deposit paid for the appointment this visit came from is the
      // order's first deposit, deducted at settlement like one recorded on the order.
      payments: visit?.deposit ? [appointmentDeposit(visit.deposit, visit.appointmentId ?? visit.id)] : [],
      version: 1,
      createdAt: at,
      createdBy: actor.staffId,
      updatedAt: at,
      updatedBy: actor.staffId,
    };
    const converted = estimateConvertedStep(store, estimate, order.id, at);
    estimateStep = {
      ...converted,
      // Name the order that already holds the estimate, so the advisor can open it.
      onConditionFailed: async () => {
        const now = await getEstimate(store, branchId, estimate.id);
        if (now.status === 'converted' && now.orderId) {
          return new ConflictError(`Estimate ${estimate.id} was already turned into order ${now.orderId}`, {
            kind: 'order',
            id: now.orderId,
            href: orderHref(branchId, now.orderId),
          });
        }
        return converted.onConditionFailed
          ? converted.onConditionFailed()
          : new ConflictError('Estimate changed');
      },
    };
  } catch (error) {
    await replayIfDone(store, idempotency);
    throw error;
  }
  await transact(store, [
    ...(idempotency ? [idempotencyStep(store, idempotency, order, at)] : []),
    ...newOrderSteps(store, order, {
      actor,
      at,
      summary: `Repair order for ${order.plate} made from estimate ${order.estimateId}, promised ${order.promisedAt}`,
      // R-REC-1: the visit the estimate came from closes with its order.
      steps: [
        estimateStep,
        ...(visit ? visitClosedByOrderSteps(store, visit, { orderId: order.id, at, actor }) : []),
      ],
    }),
  ]);
  return order;
}

/** A draft changes its lines, pricing or promise; everything is priced again (R-EST-1..3, R-RO-2). */
export function reviseOrder(store: Store, ref: OrderRef, body: ReviseOrder, actor: Actor): Promise<Order> {
  const opening = openingRead(store, ref.branchId);
  return act(store, ref, 'revise', body.version, actor, async (order, { at }) => {
    const revised = revisedDraft(order, body, at, policy(), await opening);
    const changed = Object.keys(body).filter((k) => k !== 'version');
    return { order: revised, summary: `Draft revised: ${changed.join(', ')}; total ${revised.totals.total}` };
  });
}

/**
 * R-RO-1: the customer's confirmation (signature) before work starts. The promise is checked
 * again: a draft that waited may no longer keep it (R-RO-2).
 */
export function confirmOrder(store: Store, ref: OrderRef, body: ConfirmOrder, actor: Actor): Promise<Order> {
  const opening = openingRead(store, ref.branchId);
  return act(store, ref, 'confirm', body.version, actor, async (order, { at }) => {
    const confirmedAt = confirmationTime(order, body.at, at, policy(), await opening);
    order.confirmation = { by: body.by, at: confirmedAt, method: body.method, recordedBy: staffRef(actor) };
    return { order, summary: `Confirmed by ${body.by} (${body.method})` };
  });
}

/** Cancelling before work starts; the key goes back to the customer and its slot is free again. */
export function cancelOrder(store: Store, ref: OrderRef, body: CancelOrder, actor: Actor): Promise<Order> {
  return act(store, ref, 'cancel', body.version, actor, async (order, { at }) => {
    order.cancellation = { reason: body.reason, recordedBy: staffRef(actor), at };
    return {
      order,
      // R-X-3: duties go with their order (none yet before the transfer, but the rule holds).
      steps: [...releaseKeySlotStep(store, order), ...(await cancelOrderDutySteps(store, order, actor))],
      summary: `Cancelled: ${body.reason}`,
    };
  });
}

/**
 * R-REC-2: the customer declines the work after the diagnosis or estimate. The order keeps only
 * the diagnosis or estimate fees given (none: nothing to pay), so it is settled and the car leaves
 * with an exit notice through the same settle and exit actions as a repaired car.
 */
export function declineOrder(store: Store, ref: OrderRef, body: DeclineOrder, actor: Actor): Promise<Order> {
  return act(store, ref, 'decline', body.version, actor, (order, { at }) => {
    const dropped = order.lines.length;
    Object.assign(order, declinedBill(body.fees));
    order.decline = { ...(body.reason ? { reason: body.reason } : {}), recordedBy: staffRef(actor), at };
    return {
      order,
      summary: `Declined by the customer${body.reason ? `: ${body.reason}` : ''}; ${dropped} line(s) dropped, fees ${order.totals.total}`,
    };
  });
}

// ── Handover (R-RO-3) ──────────────────────────────────────────────────────────────────────────

export const keySlotKey = (branchId: string, slot: string): Key => ({
  pk: `BR#${branchId}#KEYSLOT#${slot}`,
  sk: 'GUARD',
});

/** The key cabinet slot is claimed by this order: free, or already this order's (a repeated handover). */
function claimKeySlotStep(store: Store, order: Order, slot: string, at: string): Step {
  const key = keySlotKey(order.branchId, slot);
  return putStep(
    store,
    {
      ...key,
      type: 'guard',
      owner: { kind: 'order', id: order.id, href: orderHref(order.branchId, order.id) },
      field: 'keySlot',
      value: slot,
      plate: order.plate,
      at,
    },
    {
      expression: 'attribute_not_exists(pk) OR #owner.#id = :order',
      names: { '#owner': 'owner', '#id': 'id' },
      values: { ':order': order.id },
      onConditionFailed: async () => {
        const holder = await getRecord(store, key);
        const owner = holder?.owner as { kind: string; id: string; href: string } | undefined;
        return new ConflictError(
          `Key cabinet slot ${slot} already holds the key of order ${owner?.id ?? 'unknown'}${holder?.plate ? ` (${String(holder.plate)})` : ''}; a slot never holds two keys`,
          owner,
        );
      },
    },
  );
}

/**
 * Frees the key cabinet slot of an order (R-RO-3) in the caller's transaction: when the order is
 * cancelled, or when the car exits (the exit action's helper). No step when there was no handover.
 * Deletes only this order's claim, so a slot already taken over by another key is left alone.
 */
export function releaseKeySlotStep(store: Store, order: Pick<Order, 'branchId' | 'id' | 'handover'>): Step[] {
  if (!order.handover) return [];
  return [releaseSlot(store, order, order.handover.keySlot)];
}

function releaseSlot(store: Store, order: Pick<Order, 'branchId' | 'id'>, slot: string): Step {
  return {
    item: {
      Delete: {
        TableName: store.tableName,
        Key: keySlotKey(order.branchId, slot),
        ConditionExpression: 'attribute_not_exists(pk) OR #owner.#id = :order',
        ExpressionAttributeNames: { '#owner': 'owner', '#id': 'id' },
        ExpressionAttributeValues: { ':order': order.id },
      },
    },
    onConditionFailed: () => new ConflictError(`Key cabinet slot ${slot} is held by another order`),
  };
}

/**
 * The reading goes into the vehicle's archive (R-ARC-1) in the handover's transaction, through the
 * archive's step (conditioned on the rule, no read first); refused, it is this rule's 422.
 */
function odometerSteps(store: Store, order: Order, body: RecordHandover, actor: Actor, at: string): Step[] {
  const reason = body.odometerCorrectionReason;
  return handoverReadingSteps(store, {
    branchId: order.branchId,
    vehicleId: order.vehicleId,
    orderId: order.id,
    reading: { km: body.odometerKm, ...(reason ? { correctionReason: reason } : {}) },
    at,
    actor,
    refused: (vehicle) =>
      vehicle
        ? new RuleViolationError(
            `The odometer reads ${body.odometerKm} km, below the last reading of ${String(vehicle.odometerKm)} km; give odometerCorrectionReason to record it`,
            'R-RO-3',
          )
        : new NotFoundError(`Vehicle ${order.vehicleId} of the order was not found`),
  });
}

/**
 * R-RO-3: documents (discrepancies signed for), visual inspection, belongings list confirmed by
 * the customer, key tag and cabinet slot, fuel and odometer. A second handover replaces the
 * first: the new slot is claimed and the old one released in the same transaction.
 */
export function recordHandover(
  store: Store,
  ref: OrderRef,
  body: RecordHandover,
  actor: Actor,
): Promise<Order> {
  return act(store, ref, 'recordHandover', body.version, actor, (order, { at }) => {
    const previous = order.handover?.keySlot;
    const { version: _v, ...record } = body;
    order.handover = { ...record, recordedBy: staffRef(actor), at };
    const steps: Step[] = [
      claimKeySlotStep(store, order, body.keySlot, at),
      ...(previous && previous !== body.keySlot ? [releaseSlot(store, order, previous)] : []),
      ...odometerSteps(store, order, body, actor, at),
      // R-REG-1: the belongings list 隨車物品清單 is a register of its own; a new handover replaces it.
      registerEntryStep(store, {
        branchId: order.branchId,
        kind: 'belongings',
        at,
        id: order.id,
        partition: orderPartition(order.branchId, order.id),
        data: {
          orderId: order.id,
          plate: order.plate,
          customerName: order.customerName,
          belongings: body.belongings,
          confirmedBy: body.belongingsConfirmedBy,
        },
      }),
    ];
    return {
      order,
      steps,
      summary: `${previous ? 'Handover recorded again' : 'Handover recorded'}: key ${body.keyTag} in slot ${body.keySlot}, ${body.odometerKm} km, fuel ${body.fuelLevel}/8`,
    };
  });
}

// ── Workshop (R-RO-4, R-WS-2/4/5) ──────────────────────────────────────────────────────────────

/**
 * R-RO-4: the washed car goes to the workshop with its order; a dispatcher of the branch receives
 * it and the time is recorded. A single-team job goes to a team at once, the least loaded one
 * unless one is chosen (R-WS-2); a multi-team job goes to the workshop's dispatcher, who assigns
 * the teams. The job duration 工期 starts at the receipt (R-PRG-1).
 */
export function transferOrder(
  store: Store,
  ref: OrderRef,
  body: TransferOrder,
  actor: Actor,
): Promise<Order> {
  // Read alongside the order (not after it): the branch's staff and, for a single team, the loads.
  const membersRead = branchMembers(store, ref.branchId);
  const loadsRead = body.mode === 'single_team' ? teamLoads(store, ref.branchId) : Promise.resolve(new Map());
  // Awaited inside `apply`; if the order's read fails first, these rejections are not unhandled.
  // The branch's quiet hours time the pickup notice (R-X-1); cached, so usually no request.
  const branchRead = branchSettings(store, ref.branchId);
  membersRead.catch(() => undefined);
  loadsRead.catch(() => undefined);
  branchRead.catch(() => undefined);
  return act(store, ref, 'transfer', body.version, actor, async (order, { at }) => {
    const [members, loads] = await Promise.all([membersRead, loadsRead]);
    const { receiver, receivedAt, team } = transferDecision({
      order,
      request: body,
      members,
      loads,
      now: at,
      toleranceMinutes: policy().order.transferTimeToleranceMinutes,
    });
    const steps: Step[] = [];
    order.teams = [];
    if (team) {
      order.teams = [
        { teamId: team.teamId, teamName: team.teamName, assignedAt: at, assignedBy: staffRef(actor) },
      ];
      steps.push(teamLoadStep(store, order.branchId, team, 1, at));
    }
    order.transfer = {
      washed: body.washed,
      receivedBy: { staffId: receiver.id, name: receiver.name },
      receivedAt,
      mode: body.mode,
      recordedBy: staffRef(actor),
    };
    order.workshopStartAt = receivedAt;
    // R-PKP-2, R-PRG-1: the pickup notice and the receiver's progress check, in this transaction.
    steps.push(
      ...scheduleOrderDutySteps(store, order, {
        dispatcherId: receiver.id,
        policy: policyFor((await branchRead).policy),
        quiet: await branchRead,
      }),
    );
    const to = order.teams[0] ? `team ${order.teams[0].teamName}` : 'the workshop supervisor (multi-team)';
    return {
      order,
      steps,
      summary: `Transferred to the workshop, received by ${receiver.name} at ${receivedAt}; to ${to}`,
    };
  });
}

/**
 * R-WS-2: the dispatcher sets the teams of an order (the list after the call). New teams take
 * one open job each, teams taken off give theirs back; a team whose work is done stays on record.
 */
export function assignTeams(store: Store, ref: OrderRef, body: AssignTeams, actor: Actor): Promise<Order> {
  const membersRead = branchMembers(store, ref.branchId);
  membersRead.catch(() => undefined);
  return act(store, ref, 'assignTeams', body.version, actor, async (order, { at }) => {
    const { next, added, removed } = teamsAssigned({
      order,
      teamIds: body.teamIds,
      members: await membersRead,
      by: staffRef(actor),
      now: at,
    });
    order.teams = next;
    return {
      order,
      steps: [
        ...added.map((t) => teamLoadStep(store, order.branchId, t, 1, at)),
        ...removed.map((t) => teamLoadStep(store, order.branchId, t, -1, at)),
      ],
      summary: `Teams: ${next.map((t) => t.teamName).join(', ')}${added.length ? `; added ${added.map((t) => t.teamName).join(', ')}` : ''}${removed.length ? `; taken off ${removed.map((t) => t.teamName).join(', ')}` : ''}`,
    };
  });
}

/** R-WS-5: a team asks the parts clerk for parts; tracked from requested to delivered. */
export function requestParts(store: Store, ref: OrderRef, body: RequestParts, actor: Actor): Promise<Order> {
  return act(store, ref, 'requestParts', body.version, actor, (order, { at }) => {
    const team = partsRequestTeam(order, body.teamId, actor);
    const request = {
      id: ulid(),
      items: body.items,
      requestedBy: staffRef(actor),
      teamId: team.teamId,
      teamName: team.teamName,
      requestedAt: at,
      status: 'requested' as const,
    };
    order.partsRequests.push(request);
    return { order, summary: `Parts requested (${body.items.length} item(s)), request ${request.id}` };
  });
}

/** R-WS-5: the parts clerk hands a request's parts to the team: who, when, to whom. */
export function deliverParts(store: Store, ref: OrderRef, body: DeliverParts, actor: Actor): Promise<Order> {
  return act(store, ref, 'deliverParts', body.version, actor, (order, { at }) => {
    const request = deliverableRequest(order, body.requestId);
    request.status = 'delivered';
    request.deliveredBy = staffRef(actor);
    request.deliveredAt = at;
    request.receivedBy = body.receivedBy;
    return {
      order,
      summary: `Parts request ${request.id} delivered to ${body.receivedBy}${request.teamName ? ` of team ${request.teamName}` : ''}`,
    };
  });
}

/**
 * R-WS-4: a team marks its work done; when every team on the order is done the order enters
 * `quality_check`, the inspector's queue. Refused while a parts request of the team is not
 * delivered (and, for the last team, any request of the order): the car cannot be finished
 * with parts on the way. A pending add-on keeps the order in `awaiting_addon`, where the state
 * machine refuses this action.
 */
export function completeWork(store: Store, ref: OrderRef, body: CompleteWork, actor: Actor): Promise<Order> {
  const teamId = finishingTeam(body.teamId, actor);
  return act(store, ref, 'completeWork', body.version, actor, async (order, { at }) => {
    const { team, last } = workDone(order, teamId);
    team.doneAt = at;
    if (last) {
      order.state = 'quality_check';
      order.workDoneAt = at;
    }
    return {
      order,
      steps: [
        teamLoadStep(store, order.branchId, team, -1, at),
        // R-WS-4: the inspector is told at once, in their queue.
        ...(last ? await inspectionDutySteps(store, order, at) : []),
      ],
      summary: last
        ? `Team ${team.teamName} finished; every team is done, the car waits for the inspector`
        : `Team ${team.teamName} finished; ${order.teams.filter((t) => !t.doneAt).length} team(s) still at work`,
    };
  });
}

/**
 * Moves the promised completion time by hand, with the reason (recorded in the order's log). Before
 * the car is in the workshop the whole rule of R-RO-2 applies; once work is under way, the new
 * promise only has to leave the buffer from now. Add-ons move it by themselves (R-ADD-3).
 */
export function movePromise(store: Store, ref: OrderRef, body: MovePromise, actor: Actor): Promise<Order> {
  const opening = openingRead(store, ref.branchId);
  return act(store, ref, 'movePromise', body.version, actor, async (order, { at }) => {
    const promisedAt = movedPromise({
      order,
      requested: body.promisedAt,
      now: at,
      bufferMinutes: policy().order.promiseBufferMinutes,
      opening: await opening,
    });
    const before = order.promisedAt;
    order.promisedAt = promisedAt;
    return {
      order,
      // R-X-3: the pending duties timed from the promise move with it.
      steps: await rescheduleOrderDutySteps(store, order),
      summary: `Promise moved from ${before} to ${promisedAt}: ${body.reason}`,
    };
  });
}

/**
 * R-X-5: every duty of an order (its notices, checks, inspection and their escalations): one
 * Query; an empty first page reads the order, so an order not on file is a 404, not an empty list.
 */
export async function orderDutyList(
  store: Store,
  ref: OrderRef,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: Duty[]; nextCursor?: string }> {
  const found = await dutiesOfRecord(store, ref.branchId, { kind: 'order', id: ref.orderId }, page);
  if (found.items.length === 0 && !page.cursor) await getOrder(store, ref.branchId, ref.orderId);
  return found;
}
