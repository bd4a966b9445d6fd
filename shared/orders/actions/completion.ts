import { getCustomer } from '../../archive/store/customers';
import { getVehicle, vehicleKey, vehicleVisitStep } from '../../archive/store/vehicles';
import { branchSettings } from '../../branches/store';
import { scheduleDutyStep } from '../../duty-engine/store';
import { firstFollowUpSteps } from '../../follow-up/actions/schedule';
import type { Actor } from '../../kernel/access';
import { ConflictError, ValidationError } from '../../kernel/errors';
import { localDate } from '../../kernel/local-time';
import { openingHoursOf } from '../../kernel/opening-hours';
import { policyFor } from '../../kernel/policy';
import type { Store } from '../../platform/dynamo/client';
import { fromItem, type Key, queryPage, type Step } from '../../platform/dynamo/records';
import { registerEntryStep } from '../../registers/store';
import {
  closedDeclinedWorkSteps,
  declinedWorkReminderStep,
  exitReminderSteps,
} from '../../reminders/actions';
import { vehicleFile } from '../../reminders/store';
import { surveyInviteSteps } from '../../self-service/actions/survey';
import { cancelOrderDutySteps, inspectionFiledSteps, rescheduleOrderDutySteps } from '../duties/lifecycle';
import { answeredAddOn, newAddOn } from '../rules/add-ons';
import { inspected } from '../rules/inspection';
import {
  checkExit,
  checkOrderDiscount,
  exitUpdatesVehicle,
  missingPickupSteps,
  nextMaintenanceAtExit,
  orderSettlement,
  paymentOf,
  vehicleAtExit,
  warrantyAtExit,
} from '../rules/settlement';
import type {
  AnswerAddOn,
  ApproveDiscount,
  DeclinedWork,
  ExitInput,
  InspectionInput,
  PreparePickup,
  RaiseAddOn,
  RecordPayment,
  Settle,
} from '../schemas/completion-requests';
import type { Order } from '../schemas/order';
import { applyOrderAction, newId, orderPartition, staffRef } from '../store/orders';
import { teamLoadStep } from '../store/workshop';
import { releaseKeySlotStep } from './order';

/**
 * The second half of a repair order's life: add-on items (R-ADD-1..3), quality inspection
 * (R-PKP-1, inputs of R-QC), pickup preparation, discount and settlement with partial payments
 * (R-PKP-4), and the exit (R-PKP-5). Every action is `applyOrderAction`: one read of the order,
 * the state machine, then one transaction holding the order, the register entries of R-REG-1,
 * the vehicle's records and the log entries. The rules are pure functions of ../rules (add-ons.ts,
 * inspection.ts, settlement.ts): an action reads, calls them and writes.
 *
 * Declined work (R-ADD-2) lives on the vehicle: `BR#<b>#VEH#<v>` / `DECLINED#<id>`, where the id
 * is the add-on item first declined. An add-on raised with `offerOf` offers it again; approving
 * that add-on closes the offer, declining it again keeps the one offer open.
 */
type AddOn = Order['addOns'][number];
type AddOnChannel = NonNullable<AddOn['answer']>['channel'];

const actionInput = (branchId: string, orderId: string, version: number, actor: Actor) => ({
  branchId,
  orderId,
  expectedVersion: version,
  actor,
});

const declinedWorkKey = (branchId: string, vehicleId: string, id: string): Key => ({
  pk: vehicleKey(branchId, vehicleId).pk,
  sk: `DECLINED#${id}`,
});

function addOnRegisterStep(store: Store, order: Order, addOn: AddOn): Step {
  return registerEntryStep(store, {
    branchId: order.branchId,
    kind: 'addon',
    at: addOn.raisedAt,
    id: addOn.id,
    partition: orderPartition(order.branchId, order.id),
    data: {
      orderId: order.id,
      plate: order.plate,
      customerName: order.customerName,
      description: addOn.description,
      reason: addOn.reason,
      price: addOn.price,
      currency: order.currency,
      extraMinutes: addOn.extraMinutes,
      safetyRelated: addOn.safetyRelated,
      status: addOn.status,
      raisedBy: addOn.raisedBy.name,
      ...(addOn.answer
        ? {
            channel: addOn.answer.channel,
            customerContactedAt: addOn.answer.customerContactedAt,
            workshopToldAt: addOn.answer.workshopToldAt,
            workshopToldWho: addOn.answer.workshopToldWho,
            answeredBy: addOn.answer.recordedBy.name,
          }
        : {}),
    },
  });
}

/** The declined work the add-on offers again must be open on this vehicle. */
function openOfferStep(store: Store, order: Order, offerOf: string): Step {
  return {
    item: {
      ConditionCheck: {
        TableName: store.tableName,
        Key: declinedWorkKey(order.branchId, order.vehicleId, offerOf),
        ConditionExpression: 'attribute_exists(pk) AND #status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'open' },
      },
    },
    onConditionFailed: () =>
      new ValidationError([
        { path: 'body.offerOf', message: `Vehicle ${order.plate} has no open declined work ${offerOf}` },
      ]),
  };
}

/** R-ADD-1: the workshop raises an add-on item; the order waits for the customer's answer. */
export async function raiseAddOn(
  store: Store,
  branchId: string,
  orderId: string,
  input: RaiseAddOn,
  actor: Actor,
): Promise<Order> {
  const branchRead = branchSettings(store, branchId);
  branchRead.catch(() => undefined);
  return applyOrderAction(store, {
    ...actionInput(branchId, orderId, input.version, actor),
    action: 'raiseAddOn',
    apply: async (order, { at }) => {
      const addOn = newAddOn({
        order,
        request: input,
        id: newId(),
        by: staffRef(actor),
        now: at,
        policy: policyFor(),
        opening: openingHoursOf(await branchRead),
      });
      order.addOns.push(addOn);
      return {
        order,
        steps: [
          addOnRegisterStep(store, order, addOn),
          ...(input.offerOf ? [openOfferStep(store, order, input.offerOf)] : []),
          // R-ADD-2, R-SELF-1: the customer is asked at once by SMS (every item still pending,
          // with an add-on link); the duty drops it when none is pending any more, or when an
          // item raised later asks for them all (one SMS for items raised together).
          scheduleDutyStep(store, {
            kind: 'addon-question',
            subject: { kind: 'order', id: order.id },
            branchId,
            openAt: at,
            dueAt: at,
            fireAt: at,
            payload: { addOnId: addOn.id },
          }).step,
        ],
        summary: `Add-on item raised: ${addOn.description} (${addOn.price} ${order.currency}, +${addOn.extraMinutes} min${addOn.safetyRelated ? ', safety-related' : ''})`,
      };
    },
  });
}

/**
 * R-ADD-2: declined work goes on the vehicle, or the offer it repeated stays open (declined
 * once more); approved work that repeated an offer closes it.
 */
function declinedWorkStep(store: Store, order: Order, addOn: AddOn, at: string): Step | undefined {
  const id = addOn.offerOf ?? addOn.id;
  const Key = declinedWorkKey(order.branchId, order.vehicleId, id);
  if (addOn.status === 'approved') {
    if (!addOn.offerOf) return undefined;
    return {
      item: {
        Update: {
          TableName: store.tableName,
          Key,
          UpdateExpression: 'SET #status = :closed, closedAt = :at, closedByOrderId = :order',
          ConditionExpression: 'attribute_exists(pk) AND #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'closed', ':at': at, ':order': order.id, ':open': 'open' },
        },
      },
      onConditionFailed: () =>
        new ConflictError(`Declined work ${id} is no longer open on vehicle ${order.plate} (done meanwhile)`),
    };
  }
  const values: Record<string, unknown> = {
    type: 'declined-work',
    id,
    branchId: order.branchId,
    vehicleId: order.vehicleId,
    orderId: order.id,
    addOnId: addOn.id,
    description: addOn.description,
    reason: addOn.reason,
    lines: addOn.lines,
    price: addOn.price,
    currency: order.currency,
    safetyRelated: addOn.safetyRelated,
    declinedAt: at,
    status: 'open',
  };
  const names = Object.keys(values);
  // Declined again: the one offer stays open with the latest quote and a count of refusals.
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key,
        UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')} ADD #timesDeclined :one`,
        // New, or an offer still open: work done meanwhile is never reopened.
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :status',
        ExpressionAttributeNames: Object.fromEntries([...names, 'timesDeclined'].map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((n) => [`:${n}`, values[n]])),
          ':one': 1,
        },
      },
    },
    onConditionFailed: () =>
      new ConflictError(`Declined work ${id} is no longer open on vehicle ${order.plate} (done meanwhile)`),
  };
}

/**
 * R-ADD-2/3: the advisor records the customer's answer to one add-on item. Approved lines join
 * the order and move the promised time by the item's delay (the first promise stays in
 * `originalPromisedAt`); declined work stays on the vehicle's record. When no item waits any
 * more, the order is back in the workshop.
 */
export async function answerAddOn(
  store: Store,
  branchId: string,
  orderId: string,
  input: AnswerAddOn,
  actor: Actor,
): Promise<Order> {
  return answerAddOnAs(store, { branchId, orderId, version: input.version, actor, answer: input });
}

/**
 * R-ADD-2, R-SELF-1: the customer answers one add-on item through their link: the same rules and
 * the same one transaction as the advisor's `answerAddOn`, recorded as answered by the customer
 * (channel `link`, contacted and the workshop told when they answered: the order shows the
 * answer to the workshop at once), plus `extraSteps` of the caller (spending the link) computed
 * from the answered order.
 */
export async function answerAddOnByCustomer(
  store: Store,
  input: {
    order: Order;
    addOnId: string;
    decision: 'approved' | 'declined';
    actor: Actor;
    at: string;
    extraSteps: (order: Order) => Step[];
  },
): Promise<Order> {
  const { order, at } = input;
  return answerAddOnAs(store, {
    branchId: order.branchId,
    orderId: order.id,
    version: order.version,
    actor: input.actor,
    answer: {
      addOnId: input.addOnId,
      decision: input.decision,
      channel: 'link',
      customerContactedAt: at,
      workshopToldAt: at,
      workshopToldWho: 'the order in the workshop queue (self-service link)',
    },
    extraSteps: input.extraSteps,
  });
}

async function answerAddOnAs(
  store: Store,
  input: {
    branchId: string;
    orderId: string;
    version: number;
    actor: Actor;
    answer: Omit<AnswerAddOn, 'version' | 'channel'> & { channel: AddOnChannel };
    extraSteps?: (order: Order) => Step[];
  },
): Promise<Order> {
  const { branchId, orderId, actor, answer } = input;
  const branchRead = branchSettings(store, branchId);
  branchRead.catch(() => undefined);
  return applyOrderAction(store, {
    ...actionInput(branchId, orderId, input.version, actor),
    action: 'answerAddOn',
    apply: async (read, { at }) => {
      const { order, addOn: answered } = answeredAddOn(
        read,
        answer,
        staffRef(actor),
        openingHoursOf(await branchRead),
      );
      const declined = declinedWorkStep(store, order, answered, at);
      const branch = await branchRead;
      // R-ADD-2, R-MKT-1: safety work declined the first time is reminded N days later; an offer
      // approved after all closes its declined work and the reminder still waiting (R-X-3).
      const reminder =
        answered.status === 'declined' && answered.safetyRelated && !answered.offerOf
          ? [
              declinedWorkReminderStep(store, {
                branchId,
                vehicleId: order.vehicleId,
                declinedWorkId: answered.id,
                declinedAt: at,
                timeZone: branch.timeZone,
                policy: policyFor(branch.policy),
              }),
            ]
          : answered.status === 'approved' && answered.offerOf
            ? await closedDeclinedWorkSteps(store, branchId, answered.offerOf)
            : [];
      return {
        order,
        steps: [
          addOnRegisterStep(store, order, answered),
          ...(declined ? [declined] : []),
          ...reminder,
          // R-ADD-3, R-X-3: an approved item moved the promise; its pending duties move with it.
          ...(answered.status === 'approved' && answered.extraMinutes > 0
            ? await rescheduleOrderDutySteps(store, order)
            : []),
          ...(input.extraSteps ? input.extraSteps(order) : []),
        ],
        summary:
          answered.status === 'approved'
            ? `Add-on item approved: ${answered.description}; promised time now ${order.promisedAt}; workshop told (${answer.workshopToldWho})`
            : `Add-on item declined: ${answered.description}; kept on the vehicle to offer again; workshop told (${answer.workshopToldWho})`,
      };
    },
  });
}

function inspect(
  store: Store,
  branchId: string,
  orderId: string,
  input: InspectionInput,
  actor: Actor,
  result: 'pass' | 'fail',
): Promise<Order> {
  return applyOrderAction(store, {
    ...actionInput(branchId, orderId, input.version, actor),
    action: result === 'pass' ? 'passInspection' : 'failInspection',
    apply: async (read, { at }) => {
      const filed = await inspectionFiledSteps(store, read, { actor, at, result });
      const { order, reopened } = inspected(
        read,
        {
          id: newId(),
          inspector: staffRef(actor),
          result,
          findings: input.findings,
          assembliesInspected: input.assembliesInspected,
          recordComplete: input.recordComplete,
        },
        at,
      );
      if (result === 'pass') {
        return { order, steps: filed, summary: 'Passed quality inspection; ready for pickup preparation' };
      }
      return {
        order,
        // The job is open again for every team that had finished it (R-WS-2 balancing counts it).
        steps: [...filed, ...reopened.map((team) => teamLoadStep(store, order.branchId, team, 1, at))],
        summary: `Failed quality inspection, back to the workshop: ${input.findings ?? ''}`,
      };
    },
  });
}

/** R-PKP-1: the inspector passes the car (it is ready) … */
export const passInspection = (store: Store, b: string, o: string, input: InspectionInput, actor: Actor) =>
  inspect(store, b, o, input, actor, 'pass');

/** … or fails it, and it goes back to the team. */
export const failInspection = (store: Store, b: string, o: string, input: InspectionInput, actor: Actor) =>
  inspect(store, b, o, input, actor, 'fail');

/** R-PKP-1: cleaned, belongings checked, bills collected before the customer is told. */
export async function preparePickup(
  store: Store,
  branchId: string,
  orderId: string,
  input: PreparePickup,
  actor: Actor,
): Promise<Order> {
  return applyOrderAction(store, {
    ...actionInput(branchId, orderId, input.version, actor),
    action: 'preparePickup',
    apply: (order, { at }) => {
      const { version: _version, ...steps } = input;
      order.pickupPreparation = { ...steps, recordedBy: staffRef(actor), at };
      const missing = missingPickupSteps(order.pickupPreparation);
      return {
        order,
        summary: missing.length
          ? `Pickup preparation, still to do: ${missing.join(', ')}`
          : 'Ready for pickup',
      };
    },
  });
}

/** R-PKP-4: a discount exists only as a supervisor's approval recorded on the order. */
export async function approveDiscount(
  store: Store,
  branchId: string,
  orderId: string,
  input: ApproveDiscount,
  actor: Actor,
): Promise<Order> {
  return applyOrderAction(store, {
    ...actionInput(branchId, orderId, input.version, actor),
    action: 'approveDiscount',
    apply: (order, { at }) => {
      checkOrderDiscount(order, input.amount);
      order.discount = {
        amount: input.amount,
        reason: input.reason,
        approvedBy: staffRef(actor),
        approvedAt: at,
      };
      return { order, summary: `Discount of ${input.amount} ${order.currency} approved: ${input.reason}` };
    },
  });
}

function settlementRegisterStep(store: Store, order: Order): Step[] {
  const s = order.settlement;
  if (!s) return [];
  return [
    registerEntryStep(store, {
      branchId: order.branchId,
      kind: 'settlement',
      at: s.issuedAt,
      id: order.id,
      partition: orderPartition(order.branchId, order.id),
      data: {
        orderId: order.id,
        plate: order.plate,
        customerName: order.customerName,
        labour: s.totals.labour,
        parts: s.totals.parts,
        fees: s.totals.fees,
        riskPremium: s.totals.riskPremium,
        total: s.totals.total,
        discount: s.discount,
        deposit: s.deposit,
        amountDue: s.amountDue,
        paid: s.paid,
        outstanding: s.outstanding,
        currency: s.currency,
        issuedBy: s.issuedBy.name,
      },
    }),
  ];
}

/**
 * R-PKP-4: the settlement 維修結算單. The server computes lines and figures; the discount is the
 * one approved on the order. A repaired car is settled once pickup preparation is done
 * (R-PKP-1); a declined order (R-REC-2) settles its fees.
 */
export async function settle(
  store: Store,
  branchId: string,
  orderId: string,
  input: Settle,
  actor: Actor,
): Promise<Order> {
  return applyOrderAction(store, {
    ...actionInput(branchId, orderId, input.version, actor),
    action: 'settle',
    apply: (order, { at }) => {
      const { lines, figures } = orderSettlement(order, input.fees);
      order.settlement = {
        lines,
        ...figures,
        currency: order.currency,
        issuedBy: staffRef(actor),
        issuedAt: at,
      };
      return {
        order,
        steps: settlementRegisterStep(store, order),
        summary: `Settled: ${figures.amountDue} ${order.currency} due (total ${figures.totals.total}, discount ${figures.discount}, deposit ${figures.deposit})`,
      };
    },
  });
}

/** R-PKP-4: one of several partial payments; the receivable 欠收 never goes below 0. */
export async function recordPayment(
  store: Store,
  branchId: string,
  orderId: string,
  input: RecordPayment,
  actor: Actor,
): Promise<Order> {
  return applyOrderAction(store, {
    ...actionInput(branchId, orderId, input.version, actor),
    action: 'recordPayment',
    apply: (order, { at }) => {
      const payment = {
        id: newId(),
        amount: input.amount,
        method: input.method,
        ...(input.reference ? { reference: input.reference } : {}),
        receivedBy: staffRef(actor),
        at,
      };
      const decision = paymentOf(order, input.amount);
      if (decision.kind === 'deposit') {
        order.payments.push({ ...payment, deposit: true });
        return {
          order,
          summary: `Deposit of ${input.amount} ${order.currency} by ${input.method}; deposits ${decision.held}`,
        };
      }
      order.payments.push(payment);
      order.settlement = decision.settlement;
      return {
        order,
        steps: settlementRegisterStep(store, order),
        summary: `Payment of ${input.amount} ${order.currency} by ${input.method}; outstanding ${decision.settlement.outstanding}`,
      };
    },
  });
}

/**
 * R-PKP-5: the car leaves with its documents and the customer's confirmation; the order is
 * closed, the warranty issued (R-WAR-1), the vehicle's archive updated (R-ARC-1: visit,
 * odometer, maintenance dates) and the key cabinet slot freed (R-RO-3), in one transaction. A
 * declined order (R-REC-2) exits the same way once its fees are settled; no maintenance was done,
 * so only the odometer of its handover (if any) reaches the archive.
 */
export async function exitOrder(
  store: Store,
  branchId: string,
  orderId: string,
  input: ExitInput,
  actor: Actor,
): Promise<Order> {
  return applyOrderAction(store, {
    ...actionInput(branchId, orderId, input.version, actor),
    action: 'exit',
    apply: async (order, { at }) => {
      checkExit(order, input);
      const repaired = !order.decline;
      const odometerKm = order.handover?.odometerKm;
      // The vehicle is read for its maintenance cycle and version; a declined car without
      // handover leaves nothing on it.
      // The vehicle's partition (one Query: the vehicle with its readings, declined work and
      // reminder) gives its cycle and version, and what the reminders need (R-MKT-1).
      const [file, branch, dutySteps, customer] = await Promise.all([
        exitUpdatesVehicle(order) ? vehicleFile(store, branchId, order.vehicleId) : undefined,
        branchSettings(store, branchId),
        // R-X-3: the car leaves; duties still waiting on the order are cancelled with it.
        cancelOrderDutySteps(store, order, actor),
        getCustomer(store, branchId, order.customerId),
      ]);
      const vehicle = file
        ? (file.vehicle ?? (await getVehicle(store, branchId, order.vehicleId)))
        : undefined;
      const today = localDate(at, branch.timeZone);
      const next = repaired
        ? nextMaintenanceAtExit({
            today,
            given: input.nextMaintenanceDate,
            cycleMonths: vehicle?.maintenanceCycle?.months,
            onFile: vehicle?.nextMaintenanceDate,
          })
        : undefined;
      const warranty = warrantyAtExit(order, at, policyFor());
      order.exit = {
        documentsHandedOver: input.documentsHandedOver,
        customerConfirmedBy: input.customerConfirmedBy,
        belongingsChecked: input.belongingsChecked,
        warranty,
        ...(next ? { nextMaintenanceDate: next } : {}),
        recordedBy: staffRef(actor),
        at,
      };
      const archive = vehicle
        ? [
            // R-ARC-1: only a repair moves the maintenance dates.
            vehicleVisitStep(store, vehicle, vehicleAtExit(order, today, next), {
              actor,
              at,
              conflict: `Vehicle ${vehicle.plate} changed while the exit was recorded; retry the exit`,
            }),
          ]
        : [];
      // R-MKT-1: a maintenance exit starts the next cycle and its reminder; R-WAR-1: the warranty
      // goes on the vehicle for the next-service read (R-ARC-5), which the first call carries.
      const after = vehicle ? { ...vehicle, ...vehicleAtExit(order, today, next) } : undefined;
      const reminders =
        file && after
          ? await exitReminderSteps(store, {
              vehicle: {
                ...after,
                nextMaintenanceDate: after.nextMaintenanceDate ?? undefined,
              },
              file,
              warranty: repaired ? { orderId: order.id, ...warranty, issuedAt: at } : undefined,
              timeZone: branch.timeZone,
              policy: policyFor(branch.policy),
              now: new Date(at),
            })
          : { steps: [], nextService: [] };
      // R-FUP-2: the first follow-up call, 3 to 7 days from now, for the customer's agent.
      const followUp = await firstFollowUpSteps(store, {
        branchId,
        customer,
        at: new Date(at),
        context: {
          after: { kind: 'order', id: order.id },
          plate: order.plate,
          nextService: reminders.nextService,
        },
      });
      // R-SELF-2: the satisfaction survey and its invitation, the next day at the policy's hour.
      const survey = surveyInviteSteps(store, { order, customer, branch, at });
      const register = registerEntryStep(store, {
        branchId,
        kind: 'exit',
        at,
        id: order.id,
        partition: orderPartition(branchId, order.id),
        data: {
          orderId: order.id,
          plate: order.plate,
          customerName: order.customerName,
          outcome: repaired ? 'repaired' : 'declined',
          documentsHandedOver: input.documentsHandedOver,
          customerConfirmedBy: input.customerConfirmedBy,
          odometerKm,
          warrantyUntil: repaired ? warranty.until : undefined,
          warrantyKm: warranty.km,
          nextMaintenanceDate: next,
          recordedBy: actor.name,
        },
      });
      return {
        order,
        steps: [
          ...archive,
          ...releaseKeySlotStep(store, order),
          register,
          ...dutySteps,
          ...followUp,
          ...reminders.steps,
          ...survey,
        ],
        summary: `Visit closed: ${order.plate} left (${repaired ? 'repaired' : 'declined work'})${odometerKm !== undefined ? `, odometer ${odometerKm} km` : ''}${next ? `, next maintenance ${next}` : ''}`,
      };
    },
  });
}

/**
 * R-ADD-2: the declined work of a vehicle still open, to offer again at the next visit, newest
 * first (by when it was first declined). One Query of the vehicle's partition; an empty first
 * page costs a GetItem more to tell a vehicle without declined work from no vehicle (404).
 */
export async function listDeclinedWork(
  store: Store,
  branchId: string,
  vehicleId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: DeclinedWork[]; nextCursor?: string }> {
  const partition = vehicleKey(branchId, vehicleId).pk;
  const page = await queryPage(store, {
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :declined)',
    FilterExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':p': partition, ':declined': 'DECLINED#', ':open': 'open' },
    ScanIndexForward: false,
    partition,
    limit: options.limit,
    cursor: options.cursor,
  });
  if (page.items.length === 0 && !options.cursor) await getVehicle(store, branchId, vehicleId);
  return {
    ...page,
    items: page.items.map((item) => fromItem<DeclinedWork>(item)),
  };
}
