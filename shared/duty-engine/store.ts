import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../kernel/access';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  VersionConflictError,
} from '../kernel/errors';
import { zodIssues } from '../kernel/zod-issues';
import type { Store } from '../platform/dynamo/client';
import {
  fromItem,
  getRecord,
  type Item,
  type Key,
  putStep,
  queryPage,
  type Step,
  transact,
} from '../platform/dynamo/records';
import { clock } from '../platform/ports/clock';
import { dueKeys } from './keys';
import { type Duty, type DutyTimes, dutyTimes, type ScheduleDutyInput, scheduleDutyInput } from './schemas';

/**
 * Duty items (ARCHITECTURE "Duties", R-X-3). `BR#<b>#DUTY#<id>` / `DUTY`. A pending duty (and a
 * claimed one, at its lease end) carries the keys of the sparse `dueDuties` index; done and
 * cancelled duties carry none, so the sweeper only ever reads what is due. A dead duty is in the
 * `register` index under `BR#<b>#REG#dead-duty` instead, listable per branch without Scan.
 *
 * Duty writes carry no change-log entry of their own: a duty is scheduled, moved and cancelled
 * inside the transaction of the record it belongs to (whose entry says why), and the sweeper's
 * transitions are machine state kept on the item itself (attempts, lastError, doneAt, deadAt).
 */
export const dutyKey = (branchId: string, id: string): Key => ({
  pk: `BR#${branchId}#DUTY#${id}`,
  sk: 'DUTY',
});

export const deadDutyPartition = (branchId: string) => `BR#${branchId}#REG#dead-duty`;

function parseInput(input: ScheduleDutyInput) {
  const parsed = scheduleDutyInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, 'duty'));
  return parsed.data;
}

function dutyItem(input: ScheduleDutyInput, now: Date): { duty: Duty; item: Item } {
  const data = parseInput(input);
  const id = data.id ?? ulid(now.getTime());
  const iso = (s: string) => new Date(s).toISOString();
  const at = now.toISOString();
  const record = data.record ?? data.subject;
  const duty: Duty = {
    id,
    kind: data.kind,
    subject: data.subject,
    record,
    branchId: data.branchId,
    ...(data.assignee ? { assignee: data.assignee } : {}),
    ...(data.assignee && data.delegatedFrom ? { delegatedFrom: data.delegatedFrom } : {}),
    openAt: iso(data.openAt),
    dueAt: iso(data.dueAt),
    fireAt: iso(data.fireAt ?? data.openAt),
    status: 'pending',
    attempts: 0,
    payload: data.payload ?? {},
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const item: Item = {
    ...dutyKey(duty.branchId, id),
    type: 'duty',
    ...duty,
    ...dueKeys(id, new Date(duty.fireAt), now),
    ...(duty.assignee ? queueKeys(duty.branchId, duty.assignee, id, duty.dueAt) : {}),
    // R-X-5: listed under its record for good, whatever becomes of it.
    gsi4pk: recordDutiesPartition(duty.branchId, record),
    gsi4sk: id,
  };
  return { duty, item };
}

/** R-X-5: the partition of the `recordDuties` index that lists a record's duties. */
const recordDutiesPartition = (branchId: string, record: { kind: string; id: string }) =>
  `BR#${branchId}#DUTIES#${record.kind}#${record.id}`;

/**
 * R-X-5: every duty of a record (an order's, a customer's), pending or not, in the order they were
 * scheduled, paged: one Query of the `recordDuties` index. Eventually consistent: a duty scheduled
 * a moment ago shows a moment later.
 */
export async function dutiesOfRecord(
  store: Store,
  branchId: string,
  record: { kind: string; id: string },
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: Duty[]; nextCursor?: string }> {
  const partition = recordDutiesPartition(branchId, record);
  const page = await queryPage(store, {
    IndexName: 'recordDuties',
    KeyConditionExpression: 'gsi4pk = :p',
    ExpressionAttributeValues: { ':p': partition },
    partition,
    limit: options.limit,
    cursor: options.cursor,
  });
  return { ...page, items: page.items.map((i) => fromItem<Duty>(i)) };
}

/**
 * Work queues (issue 4 item 5): a human duty not yet completed sits in its assignee's queue
 * (`lookup`: `BR#<b>#QUEUE#<staffId>` → `<dueAt>#<id>`) and in the branch's open queue
 * (`register`: `BR#<b>#OPEN-DUTIES` → `<dueAt>#<id>`), both ordered by due time; completing it
 * removes both. A human duty dead-lettered by the sweeper (its escalation kept failing) leaves the
 * branch open-duties queue for the dead-duty register but stays in its assignee's queue: the
 * person still has it to do.
 */
export const personalQueue = (branchId: string, staffId: string) => `BR#${branchId}#QUEUE#${staffId}`;
export const openDutiesQueue = (branchId: string) => `BR#${branchId}#OPEN-DUTIES`;

export function queueKeys(branchId: string, assignee: string, id: string, dueAt: string) {
  return {
    gsi1pk: personalQueue(branchId, assignee),
    gsi1sk: `${dueAt}#${id}`,
    gsi2pk: openDutiesQueue(branchId),
    gsi2sk: `${dueAt}#${id}`,
  };
}

/** The step that schedules a duty inside another record's transaction (one write, R-X-3). */
export function scheduleDutyStep(store: Store, input: ScheduleDutyInput): { duty: Duty; step: Step } {
  const { duty, item } = dutyItem(input, clock().now());
  const step = putStep(store, item, {
    expression: 'attribute_not_exists(pk)',
    onConditionFailed: () => new ConflictError(`duty ${duty.id} exists`),
  });
  return { duty, step };
}

export async function scheduleDuty(store: Store, input: ScheduleDutyInput): Promise<Duty> {
  const { duty, step } = scheduleDutyStep(store, input);
  await transact(store, [step]);
  return duty;
}

/**
 * Many new duties at once (seeding, the reliability tests): BatchWrite, 25 per request, in
 * parallel. Unconditional puts, so only for freshly minted ids.
 */
export async function scheduleDuties(store: Store, inputs: ScheduleDutyInput[]): Promise<Duty[]> {
  const now = clock().now();
  const built = inputs.map((input) => dutyItem(input, now));
  const batches: Item[][] = [];
  for (let i = 0; i < built.length; i += 25) batches.push(built.slice(i, i + 25).map((b) => b.item));
  await Promise.all(batches.map((batch) => batchPut(store, batch)));
  return built.map((b) => b.duty);
}

async function batchPut(store: Store, items: Item[]): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; requests.length > 0; attempt++) {
    if (attempt > 8) throw new Error('BatchWrite kept returning unprocessed items');
    if (attempt > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    const result = await store.doc.send(
      new BatchWriteCommand({ RequestItems: { [store.tableName]: requests } }),
    );
    requests = (result.UnprocessedItems?.[store.tableName] ?? []) as typeof requests;
  }
}

const notPending = (id: string) => () =>
  new ConflictError(`duty ${id} is no longer pending (it fired or was cancelled)`);

/**
 * Moves a pending duty's times and its `dueDuties` keys (R-X-3: the time it depends on moved).
 * A duty that already fired or was cancelled is not moved: the transaction fails with 409.
 */
export function rescheduleDutyStep(store: Store, dutyId: string, branchId: string, input: DutyTimes): Step {
  const parsed = dutyTimes.safeParse(input);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, 'times'));
  const times = parsed.data;
  const now = clock().now();
  const fireAt = new Date(times.fireAt ?? times.openAt);
  const keys = dueKeys(dutyId, fireAt, now);
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key: dutyKey(branchId, dutyId),
        UpdateExpression:
          // The queue sort keys follow the due time; on a duty without an assignee they index nothing.
          'SET openAt = :openAt, dueAt = :dueAt, fireAt = :fireAt, gsi3pk = :gsi3pk, gsi3sk = :gsi3sk, gsi1sk = :queue, gsi2sk = :queue, updatedAt = :now, #version = #version + :one',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: {
          ':openAt': new Date(times.openAt).toISOString(),
          ':dueAt': new Date(times.dueAt).toISOString(),
          ':fireAt': fireAt.toISOString(),
          ':gsi3pk': keys.gsi3pk,
          ':gsi3sk': keys.gsi3sk,
          ':queue': `${new Date(times.dueAt).toISOString()}#${dutyId}`,
          ':now': now.toISOString(),
          ':one': 1,
          ':pending': 'pending',
        },
      },
    },
    onConditionFailed: notPending(dutyId),
  };
}

export async function rescheduleDuty(store: Store, dutyId: string, branchId: string, times: DutyTimes) {
  await transact(store, [rescheduleDutyStep(store, dutyId, branchId, times)]);
  return getDuty(store, branchId, dutyId);
}

/** Pending → cancelled (R-X-3: cancelled with its record); the duty leaves the due index. */
export function cancelDutyStep(store: Store, dutyId: string, branchId: string): Step {
  const now = clock().now().toISOString();
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key: dutyKey(branchId, dutyId),
        UpdateExpression:
          // A cancelled duty leaves the due index and, for a human duty, both work queues.
          'SET #status = :cancelled, cancelledAt = :now, updatedAt = :now, #version = #version + :one REMOVE gsi3pk, gsi3sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: {
          ':cancelled': 'cancelled',
          ':pending': 'pending',
          ':now': now,
          ':one': 1,
        },
      },
    },
    onConditionFailed: notPending(dutyId),
  };
}

/**
 * R-X-3: a human duty the sweeper already fired (and escalated) but nobody completed is still in
 * the work queues; when its record goes (the car left, the order was cancelled) it leaves them
 * with `cancelledAt`. Its status stays `done`: the engine's part and the KPIs (a check that fell
 * due unanswered) are unchanged. Refused when someone completed it meanwhile (409: retry).
 */
function closeOpenDutyStep(store: Store, duty: Duty): Step {
  const now = clock().now().toISOString();
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key: dutyKey(duty.branchId, duty.id),
        UpdateExpression:
          'SET cancelledAt = :now, updatedAt = :now, #version = #version + :one REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk',
        ConditionExpression:
          '#status = :done AND attribute_not_exists(completedAt) AND attribute_not_exists(cancelledAt)',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: { ':done': 'done', ':now': now, ':one': 1 },
      },
    },
    onConditionFailed: () => new ConflictError(`duty ${duty.id} was completed meanwhile; retry`),
  };
}

/** A human duty that fired and is still waiting for a person (in the work queues). */
const isOpenAfterFiring = (duty: Duty): boolean =>
  duty.status === 'done' && duty.assignee !== undefined && !duty.completedAt && !duty.cancelledAt;

/**
 * R-X-3: the steps that end `duty` with its record: cancelled while pending, taken out of the
 * queues when it fired and is still open; and the same for the supervisor's open escalations of
 * it (late, emergency).
 */
export async function endWithRecordSteps(store: Store, duty: Duty): Promise<Step[]> {
  const end = (d: Duty): Step[] =>
    d.status === 'pending'
      ? [cancelDutyStep(store, d.id, d.branchId)]
      : isOpenAfterFiring(d)
        ? [closeOpenDutyStep(store, d)]
        : [];
  // Only a person's duty is escalated (a completed one may have been, for an emergency).
  if (!duty.assignee) return end(duty);
  const escalations = await Promise.all(
    (['late', 'emergency'] as const).map((reason) => openEscalationOf(store, duty.branchId, duty.id, reason)),
  );
  return [end(duty), ...escalations.map((e) => (e ? end(e) : []))].flat();
}

export async function cancelDuty(store: Store, dutyId: string, branchId: string): Promise<Duty> {
  await transact(store, [cancelDutyStep(store, dutyId, branchId)]);
  return getDuty(store, branchId, dutyId);
}

export async function getDuty(store: Store, branchId: string, dutyId: string): Promise<Duty> {
  const item = await getRecord(store, dutyKey(branchId, dutyId));
  if (!item) throw new NotFoundError(`duty ${dutyId} was not found`);
  return fromItem<Duty>(item);
}

/**
 * The one completion of a duty: a person's (or the engine's) `result`, and the duty leaves both
 * work queues, in the caller's transaction. Refused when it was completed or cancelled meanwhile,
 * or, with `expectedVersion`, when it changed since it was read (409). `keepVersion` is for the
 * engine completing the duty it claimed: the sweep's own `recordDone`, conditioned on the claimed
 * version, must still hold.
 */
export function completeDutyStep(
  store: Store,
  duty: Pick<Duty, 'id' | 'branchId'>,
  input: {
    actor: Pick<Actor, 'staffId'>;
    at: string;
    result: Record<string, unknown>;
    expectedVersion?: number;
    keepVersion?: boolean;
  },
): Step {
  const versioned = input.expectedVersion !== undefined;
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key: dutyKey(duty.branchId, duty.id),
        UpdateExpression: `SET completedAt = :at, completedBy = :by, #result = :result${
          input.keepVersion ? '' : ', updatedAt = :at, #version = #version + :one'
        } REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk`,
        ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(completedAt) AND attribute_not_exists(cancelledAt) AND #status <> :cancelled${
          versioned ? ' AND #version = :version' : ''
        }`,
        ExpressionAttributeNames: {
          '#result': 'result',
          '#status': 'status',
          ...(input.keepVersion && !versioned ? {} : { '#version': 'version' }),
        },
        ExpressionAttributeValues: {
          ':at': input.at,
          ':by': input.actor.staffId,
          ':result': input.result,
          ':cancelled': 'cancelled',
          ...(input.keepVersion ? {} : { ':one': 1 }),
          ...(versioned ? { ':version': input.expectedVersion } : {}),
        },
      },
    },
    onConditionFailed: () =>
      versioned
        ? new VersionConflictError('The duty changed after you read it; reload and retry')
        : new ConflictError(`duty ${duty.id} was completed or cancelled meanwhile; reload`),
  };
}

/**
 * Why a duty went to the supervisor: `late` (the sweeper, at its due time) or `emergency` (a
 * progress check's answer, R-PRG-2). One escalation of each at most, each with its guard.
 */
export type EscalationReason = 'late' | 'emergency';

/** The guard written next to a duty with its escalation (shared/duty-engine/escalation.ts). */
export const escalationGuardKey = (
  branchId: string,
  dutyId: string,
  reason: EscalationReason = 'late',
): Key => ({
  pk: dutyKey(branchId, dutyId).pk,
  sk: reason === 'late' ? 'ESCALATION' : 'ESCALATION#EMERGENCY',
});

/** The supervisor's escalation of a duty (for `reason`) while it is still open, or undefined. */
export async function openEscalationOf(
  store: Store,
  branchId: string,
  dutyId: string,
  reason: EscalationReason = 'late',
): Promise<Duty | undefined> {
  const guard = await getRecord(store, escalationGuardKey(branchId, dutyId, reason));
  if (!guard) return undefined;
  const escalation = await getDuty(store, branchId, String(guard.escalation));
  return escalation.completedAt || escalation.status === 'cancelled' ? undefined : escalation;
}

/**
 * How a person completes a duty of a kind, as its area registers it (shared/performers.ts):
 * - `steps`: what completing it leads to, in the same transaction (R-PRG-2: a late progress
 *   check schedules the delay notice). Called after the checks, with the duty as read, its result
 *   and the completion's time; may throw a `ValidationError` about the result;
 * - `elsewhere`: the generic completion refuses it (422 citing `rule`) and names the request that
 *   completes it, so the record that goes with it is never skipped (a call in the call register).
 * A kind with no entry is completed with its result alone.
 */
type DutyCompletion =
  | {
      steps: (
        current: Duty,
        input: { result: Record<string, unknown>; completedAt: Date; actor: Actor },
      ) => Promise<Step[]> | Step[];
    }
  | { elsewhere: string; rule: string };
export type DutyCompletions = Readonly<Record<string, DutyCompletion>>;

/**
 * A person completes a human duty with its result (the progress check's expected finish and
 * anomalies, a call's key points): it leaves both queues. Only the assignee or a supervisor;
 * on top of the version read (R-ACC-5). Its kind's completion adds the steps the result calls for.
 */
export async function completeDuty(
  store: Store,
  input: {
    branchId: string;
    dutyId: string;
    version: number;
    result: Record<string, unknown>;
    actor: Actor;
    /** Every area's completions (shared/performers.ts `dutyCompletions`). */
    completions: DutyCompletions;
  },
): Promise<Duty> {
  const current = await getDuty(store, input.branchId, input.dutyId);
  if (!current.assignee) throw new ConflictError(`duty ${current.id} is a machine duty; nobody completes it`);
  if (current.completedAt)
    throw new ConflictError(`duty ${current.id} was completed at ${current.completedAt}`);
  if (current.status === 'cancelled' || current.cancelledAt)
    throw new ConflictError(
      `duty ${current.id} was cancelled at ${current.cancelledAt ?? ''} with its record`,
    );
  if (current.assignee !== input.actor.staffId && !input.actor.roles.includes('supervisor')) {
    throw new ForbiddenError(
      `duty ${current.id} is assigned to someone else; their supervisor may complete it`,
    );
  }
  if (current.version !== input.version) {
    throw new VersionConflictError(
      `You read version ${input.version}; the duty is at ${current.version}`,
      current.version,
    );
  }
  const completion = input.completions[current.kind];
  if (completion && 'elsewhere' in completion)
    throw new RuleViolationError(
      `A ${current.kind} duty is completed by ${completion.elsewhere}`,
      completion.rule,
    );
  const completedAt = clock().now();
  const now = completedAt.toISOString();
  const [followUp, escalation] = await Promise.all([
    completion ? completion.steps(current, { result: input.result, completedAt, actor: input.actor }) : [],
    // Done late: the supervisor's escalation of it is settled with it.
    openEscalationOf(store, input.branchId, input.dutyId),
  ]);
  await transact(store, [
    completeDutyStep(store, current, {
      actor: input.actor,
      at: now,
      result: input.result,
      expectedVersion: input.version,
    }),
    ...followUp,
    ...(escalation
      ? [
          completeDutyStep(store, escalation, {
            actor: input.actor,
            at: now,
            result: { settledBy: current.id },
          }),
        ]
      : []),
  ]);
  return getDuty(store, input.branchId, input.dutyId);
}
