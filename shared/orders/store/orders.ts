import { ulid } from 'ulid';
import { customerPartition } from '../../archive/store/customers';
import type { Actor } from '../../kernel/access';
import { ConflictError, NotFoundError, VersionConflictError } from '../../kernel/errors';
import type { Store } from '../../platform/dynamo/client';
import {
  fromItem,
  getRecord,
  type Item,
  type Key,
  logEntryItem,
  putStep,
  type Step,
  transact,
} from '../../platform/dynamo/records';
import { nowIso } from '../../platform/ports/clock';
import { registerPartition } from '../../registers/store';
import {
  isOpenOrder,
  nextState,
  type OrderAction,
  type OrderState,
  orderStates,
} from '../rules/state-machine';
import type { Order, StaffRef } from '../schemas/order';

/**
 * Repair orders (R-RO). One item per order holds the order and its sub-records:
 * - `BR#<b>#RO#<id>` / `ORDER`; its change log in the same partition (`LOG#…`);
 * - job board (R-WS-2, inspector queue R-WS-4): index `lookup`, `BR#<b>#BOARD` →
 *   `<nn>-<state>#<promisedAt>#<id>` while open (`boardKeys`), so every open job, or one column,
 *   by promised time is one query;
 * - register (R-REG-1): index `register`, `BR#<b>#REG#order` → `<createdAt>#<id>`.
 * Every action goes through `applyOrderAction` (or, inside another transaction, `orderActionSteps`):
 * one read, the state machine, one transaction.
 */
export const orderPartition = (branchId: string, orderId: string) => `BR#${branchId}#RO#${orderId}`;
export const orderKey = (branchId: string, orderId: string): Key => ({
  pk: orderPartition(branchId, orderId),
  sk: 'ORDER',
});
/**
 * The job board (R-WS-2, R-WS-4) in the `lookup` index. Open orders share one partition per
 * branch, sorted by their state's place in the lifecycle, then promise: every open job, grouped by
 * state in promise order, is one Query, and a column is the same Query narrowed by `begins_with`.
 * Closed orders (exited, cancelled) leave it for a partition per state, listable but not on the board.
 */
function boardKeys(order: Pick<Order, 'branchId' | 'state' | 'promisedAt' | 'id'>) {
  return isOpenOrder(order.state)
    ? {
        gsi1pk: boardPartition(order.branchId),
        gsi1sk: `${boardColumn(order.state)}${order.promisedAt}#${order.id}`,
      }
    : {
        gsi1pk: `${boardPartition(order.branchId)}#${order.state}`,
        gsi1sk: `${order.promisedAt}#${order.id}`,
      };
}
export const boardPartition = (branchId: string) => `BR#${branchId}#BOARD`;
/** The sort-key prefix of a state's column: its place in the lifecycle, then its name. */
export const boardColumn = (state: OrderState) =>
  `${String(orderStates.indexOf(state)).padStart(2, '0')}-${state}#`;
export const orderHref = (branchId: string, orderId: string) => `/branches/${branchId}/orders/${orderId}`;

/**
 * R-RO-6: one open repair order per vehicle. The guard `BR#<b>#OPEN-ORDER#<vehicleId>` / `GUARD`
 * is put with the order (`attribute_not_exists`, so of 20 concurrent creates for one car exactly
 * one commits) and deleted in the transaction that closes it (exit, cancel).
 */
export const openOrderGuardKey = (branchId: string, vehicleId: string): Key => ({
  pk: `BR#${branchId}#OPEN-ORDER#${vehicleId}`,
  sk: 'GUARD',
});

function claimOpenOrderStep(store: Store, order: Order): Step {
  const key = openOrderGuardKey(order.branchId, order.vehicleId);
  return putStep(
    store,
    {
      ...key,
      type: 'guard',
      owner: { kind: 'order', id: order.id, href: orderHref(order.branchId, order.id) },
      field: 'vehicleId',
      value: order.vehicleId,
      plate: order.plate,
      at: order.createdAt,
    },
    {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: async () => {
        const holder = await getRecord(store, key);
        const owner = holder?.owner as { kind: string; id: string; href: string } | undefined;
        return new ConflictError(
          `Vehicle ${order.plate} already has open repair order ${owner?.id ?? '(being written)'}; a car has one open order at a time: finish, exit or cancel it first (R-RO-6)`,
          owner,
        );
      },
    },
  );
}

/**
 * Frees the vehicle for its next order (R-RO-6) when this order holds it: read first, since an
 * order made before the rule (or written by a fixture) holds none, and must still close without
 * touching the claim of the vehicle's current open order. Only exit and cancel pay the read.
 */
async function releaseOpenOrderSteps(store: Store, order: Order): Promise<Step[]> {
  const guard = await getRecord(store, openOrderGuardKey(order.branchId, order.vehicleId));
  const owner = guard?.owner as { id?: string } | undefined;
  if (owner?.id !== order.id) return [];
  const step: Step = {
    item: {
      Delete: {
        TableName: store.tableName,
        Key: openOrderGuardKey(order.branchId, order.vehicleId),
        ConditionExpression: '#owner.#id = :order',
        ExpressionAttributeNames: { '#owner': 'owner', '#id': 'id' },
        ExpressionAttributeValues: { ':order': order.id },
      },
    },
    onConditionFailed: () => new ConflictError(`Vehicle ${order.plate} changed hands meanwhile; retry`),
  };
  return [step];
}

/**
 * The log entries of a change of an order (R-ARC-4): one in the order's log, one in its
 * customer's timeline.
 */
function orderLogSteps(
  store: Store,
  order: Order,
  change: { actor: Actor; action: string; summary: string; changes: string[]; at: string },
): Step[] {
  const { at, ...rest } = change;
  const entry = { ...rest, subject: { kind: 'order', id: order.id } };
  return [
    putStep(store, logEntryItem({ ...entry, logPartition: orderPartition(order.branchId, order.id) }, at)),
    putStep(
      store,
      logEntryItem({ ...entry, logPartition: customerPartition(order.branchId, order.customerId) }, at),
    ),
  ];
}

export function staffRef(actor: Actor): StaffRef {
  return { staffId: actor.staffId, name: actor.name };
}

export function orderItem(order: Order): Item {
  return {
    ...orderKey(order.branchId, order.id),
    type: 'order',
    ...boardKeys(order),
    gsi2pk: registerPartition(order.branchId, 'order'),
    gsi2sk: `${order.createdAt}#${order.id}`,
    ...order,
  };
}

/**
 * R-RO-1: a new order as steps of its creating transaction: the order (409 when its id exists),
 * the caller's `steps` (the estimate it converts) and its `order.created` log entries. The one
 * way an order item is first written; every later change goes through `orderActionSteps`.
 */
export function newOrderSteps(
  store: Store,
  order: Order,
  input: { actor: Actor; at: string; summary: string; steps?: Step[] },
): Step[] {
  return [
    putStep(store, orderItem(order), {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () => new ConflictError(`Order ${order.id} exists`),
    }),
    claimOpenOrderStep(store, order),
    ...(input.steps ?? []),
    ...orderLogSteps(store, order, {
      actor: input.actor,
      action: 'order.created',
      summary: input.summary,
      changes: [],
      at: input.at,
    }),
  ];
}

export async function getOrder(store: Store, branchId: string, orderId: string): Promise<Order> {
  const item = await getRecord(store, orderKey(branchId, orderId));
  if (!item) throw new NotFoundError(`Repair order ${orderId} was not found in branch ${branchId}`);
  return fromItem<Order>(item);
}

export interface ActionResult {
  /** The order after the action (state set by the state machine unless given here). */
  order: Order;
  /** Extra transaction steps: guards, register entries, vehicle updates, duties. */
  steps?: Step[];
  /** One line for the order log and the customer's timeline. */
  summary: string;
  /** Fields the log entries name as changed, besides a change of state. */
  changes?: string[];
}

export interface OrderActionInput {
  action: OrderAction;
  actor: Actor;
  apply: (order: Order, context: { at: string; next: OrderState }) => Promise<ActionResult> | ActionResult;
}

/**
 * One action of the state machine (R-RO-5) on the order `current` as read, at `at`, as steps of a
 * transaction the caller runs: refuse an illegal action (409 naming the state and the allowed
 * actions), let `apply` compute the new order, then the order conditioned on the version read,
 * the extra steps and the log entries (order log and customer timeline, R-ARC-4).
 * `applyOrderAction` runs them in a transaction of their own; a duty's completion adds them to its
 * own (the promise a progress check's answer moves, R-PKP-3), so no change of an order skips the
 * state machine, its version or its log. `conflict` is the 409's message when the order changed.
 */
export async function orderActionSteps(
  store: Store,
  current: Order,
  input: OrderActionInput & { at: string; conflict: string },
): Promise<{ order: Order; steps: Step[] }> {
  const next = nextState(current.state, input.action);
  const { at } = input;
  const result = await input.apply(structuredClone(current), { at, next });
  const order: Order = {
    ...result.order,
    state: result.order.state === current.state ? next : result.order.state,
    version: current.version + 1,
    updatedAt: at,
    updatedBy: input.actor.staffId,
  };
  return {
    order,
    steps: [
      putStep(store, orderItem(order), {
        expression: '#version = :expected',
        names: { '#version': 'version' },
        values: { ':expected': current.version },
        onConditionFailed: () => new VersionConflictError(input.conflict),
      }),
      ...(result.steps ?? []),
      ...(isOpenOrder(current.state) && !isOpenOrder(order.state)
        ? await releaseOpenOrderSteps(store, order)
        : []),
      ...orderLogSteps(store, order, {
        actor: input.actor,
        action: `order.${input.action}`,
        summary: result.summary,
        changes: [
          ...(result.changes ?? []),
          ...(order.state !== current.state ? [`state: ${current.state} → ${order.state}`] : []),
        ],
        at,
      }),
    ],
  };
}

/**
 * Applies one action of the state machine (R-RO-5) on top of the version the caller read
 * (R-ACC-5): read the order, refuse a stale version, then `orderActionSteps` in one transaction.
 * Every change of an order goes through here or through `orderActionSteps`.
 */
export async function applyOrderAction(
  store: Store,
  input: OrderActionInput & { branchId: string; orderId: string; expectedVersion: number },
): Promise<Order> {
  const current = await getOrder(store, input.branchId, input.orderId);
  if (current.version !== input.expectedVersion) {
    throw new VersionConflictError(
      `You read version ${input.expectedVersion} but the order is at version ${current.version}; reload and retry`,
      current.version,
    );
  }
  const { order, steps } = await orderActionSteps(store, current, {
    action: input.action,
    actor: input.actor,
    apply: input.apply,
    at: nowIso(),
    conflict: `The order changed after you read version ${input.expectedVersion}; reload and retry`,
  });
  await transact(store, steps);
  return order;
}

export const newId = (): string => ulid();
