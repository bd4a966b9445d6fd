import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import {
  cancelDutyStep,
  getDuty,
  moveOpenDuties,
  rescheduleDutyStep,
  scheduleDutyStep,
} from '../../duty-engine/store';
import type { Actor } from '../../kernel/access';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors';
import { zodIssues } from '../../kernel/zod-issues';
import type { Store } from '../../platform/dynamo/client';
import {
  fromItem,
  getRecord,
  type Idempotency,
  type Item,
  idempotencyStep,
  type Key,
  logEntryItem,
  putStep,
  queryPage,
  type Step,
  stampNew,
  transact,
} from '../../platform/dynamo/records';
import { clock } from '../../platform/ports/clock';
import { branchMembers } from '../../staff/store';
import { absenceStatus, checkAbsenceNotOver, checkNewAbsence } from '../rules';
import { type Absence, type CreateAbsenceBody, createAbsenceBody } from '../schemas';

/**
 * Absences and delegates (R-FUP-1: "指定跟蹤業務員不在崗時，由業務主管臨時指派本部其他人員暫時代理工作").
 * The supervisor records who is away, from when until when, and who stands in. At `from` an
 * `absence-start` duty moves the absent person's open duties to the delegate's queue; at `until`
 * (or when the supervisor ends the absence early) an `absence-end` duty moves back the ones the
 * delegate has not done. While the absence runs, duties raised for the absent person go to the
 * delegate straight away (`assigneeAt`).
 *
 * Items: `BR#<b>#ABSENCE#<id>` / `ABSENCE`; the person's absences on `lookup`
 * (`BR#<b>#STAFF#<staffId>#ABSENCES` → `<from>#<id>`), the branch's on `register`
 * (`BR#<b>#ABSENCES` → `<from>#<id>`); a lock item per person
 * (`BR#<b>#STAFF#<staffId>#ABSENCES` / `LOCK`) serialises two supervisors recording overlapping
 * absences at once.
 */
const absenceKey = (branchId: string, id: string): Key => ({
  pk: `BR#${branchId}#ABSENCE#${id}`,
  sk: 'ABSENCE',
});
const staffAbsencesPartition = (branchId: string, staffId: string) =>
  `BR#${branchId}#STAFF#${staffId}#ABSENCES`;
/** The branch's absences on `register`, by start time (not a form of R-REG-1, so not a register kind). */
const branchAbsencesPartition = (branchId: string) => `BR#${branchId}#ABSENCES`;
const lockKey = (branchId: string, staffId: string): Key => ({
  pk: staffAbsencesPartition(branchId, staffId),
  sk: 'LOCK',
});

interface StoredAbsence extends Omit<Absence, 'status'> {
  startDutyId: string;
  endDutyId: string;
}

function toAbsence(item: Item, now: Date): Absence {
  const { startDutyId: _s, endDutyId: _e, ...stored } = fromItem<StoredAbsence>(item);
  return { ...stored, status: absenceStatus(stored, now) };
}

/**
 * Absences not over yet in one index partition: a person's (`lookup`) or the branch's
 * (`register`); a handful at a time. Absences that ended before now are history; `until` bounds
 * them without reading them all.
 */
async function absencesNotOver(
  store: Store,
  where: { index: 'lookup' | 'register'; partition: string },
  now: Date,
): Promise<Absence[]> {
  const key = where.index === 'lookup' ? 'gsi1pk' : 'gsi2pk';
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(store, {
      IndexName: where.index,
      KeyConditionExpression: `${key} = :p`,
      FilterExpression: '#until > :now',
      ExpressionAttributeNames: { '#until': 'until' },
      ExpressionAttributeValues: { ':p': where.partition, ':now': now.toISOString() },
      partition: where.partition,
      limit: 100,
      cursor,
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items.map((i) => toAbsence(i, now)).filter((a) => a.status === 'active' || a.status === 'scheduled');
}

/** The absences of one person, not yet over. */
const currentAbsences = (store: Store, branchId: string, staffId: string, now: Date) =>
  absencesNotOver(store, { index: 'lookup', partition: staffAbsencesPartition(branchId, staffId) }, now);

/** Every absence of the branch not over yet. */
const branchAbsencesNotOver = (store: Store, branchId: string, now: Date) =>
  absencesNotOver(store, { index: 'register', partition: branchAbsencesPartition(branchId) }, now);

/**
 * Who does a duty raised at `at` for `staffId`: the delegate while an absence of theirs runs
 * (with `delegatedFrom`, so it goes back with the others), else the person themselves.
 * `ignoring` leaves out an absence being ended: the index may still show it without its end.
 */
export async function assigneeAt(
  store: Store,
  branchId: string,
  staffId: string,
  at: Date,
  ignoring?: string,
): Promise<{ assignee: string; delegatedFrom?: string }> {
  const running = (await currentAbsences(store, branchId, staffId, at)).find(
    (a) => a.status === 'active' && a.id !== ignoring,
  );
  return running ? { assignee: running.delegate.staffId, delegatedFrom: staffId } : { assignee: staffId };
}

/**
 * R-FUP-1: the supervisor records an absence and its delegate. One transaction: the absence,
 * the person's lock, the `absence-start` and `absence-end` duties and the change-log entry. An
 * absence already under way moves the duties at once (and the start duty finds nothing left).
 */
export async function createAbsence(
  store: Store,
  branchId: string,
  input: CreateAbsenceBody,
  actor: Actor,
  idempotency?: Idempotency,
): Promise<Absence> {
  const parsed = createAbsenceBody.safeParse(input);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, 'body'));
  const body = parsed.data;
  const now = clock().now();
  checkAbsenceNotOver(body, now);
  const [members, own, delegates, standingIn, lock] = await Promise.all([
    branchMembers(store, branchId),
    currentAbsences(store, branchId, body.staffId, now),
    currentAbsences(store, branchId, body.delegateId, now),
    branchAbsencesNotOver(store, branchId, now),
    getRecord(store, lockKey(branchId, body.staffId)),
  ]);
  const { absent, delegate } = checkNewAbsence({ body, members, own, delegates, standingIn });

  const id = ulid(now.getTime());
  const at = now.toISOString();
  const from = new Date(body.from).toISOString();
  const until = new Date(body.until).toISOString();
  const subject = { kind: 'absence', id };
  const start = scheduleDutyStep(store, {
    kind: 'absence-start',
    subject,
    branchId,
    openAt: from,
    dueAt: from,
  });
  const end = scheduleDutyStep(store, {
    kind: 'absence-end',
    subject,
    branchId,
    openAt: until,
    dueAt: until,
  });
  const stored: StoredAbsence = {
    id,
    branchId,
    staff: { staffId: absent.id, name: absent.name },
    delegate: { staffId: delegate.id, name: delegate.name },
    from,
    until,
    ...(body.reason ? { reason: body.reason } : {}),
    movedDuties: 0,
    returnedDuties: 0,
    startDutyId: start.duty.id,
    endDutyId: end.duty.id,
    ...stampNew(actor, at),
  };
  const lockVersion = Number(lock?.version ?? 0);
  await transact(store, [
    ...(idempotency
      ? [idempotencyStep(store, idempotency, { ...stored, status: absenceStatus(stored, now) }, at)]
      : []),
    putStep(store, {
      ...absenceKey(branchId, id),
      type: 'absence',
      gsi1pk: staffAbsencesPartition(branchId, absent.id),
      gsi1sk: `${from}#${id}`,
      gsi2pk: branchAbsencesPartition(branchId),
      gsi2sk: `${from}#${id}`,
      ...stored,
    }),
    putStep(
      store,
      { ...lockKey(branchId, absent.id), type: 'absence-lock', version: lockVersion + 1 },
      {
        expression: lock ? '#version = :read' : 'attribute_not_exists(pk)',
        ...(lock ? { names: { '#version': 'version' }, values: { ':read': lockVersion } } : {}),
        onConditionFailed: () =>
          new ConflictError(`Another absence of ${absent.name} was recorded meanwhile; reload and retry`),
      },
    ),
    start.step,
    end.step,
    putStep(
      store,
      logEntryItem(
        {
          actor,
          action: 'absence.recorded',
          subject,
          summary: `${absent.name} away ${from} – ${until}; ${delegate.name} stands in`,
          changes: ['staff', 'delegate', 'from', 'until'],
          logPartition: absenceKey(branchId, id).pk,
        },
        at,
      ),
    ),
  ]);
  if (Date.parse(from) <= now.getTime()) await startAbsence(store, branchId, id);
  return getAbsence(store, branchId, id);
}

async function getAbsence(store: Store, branchId: string, id: string): Promise<Absence> {
  const item = await getRecord(store, absenceKey(branchId, id));
  if (!item) throw new NotFoundError(`Absence ${id} was not found`);
  return toAbsence(item, clock().now());
}

async function getStored(store: Store, branchId: string, id: string): Promise<StoredAbsence> {
  const item = await getRecord(store, absenceKey(branchId, id));
  if (!item) throw new NotFoundError(`Absence ${id} was not found`);
  return fromItem<StoredAbsence>(item);
}

/** The branch's absences by start time, newest first (the supervisor's list). */
export async function listAbsences(
  store: Store,
  branchId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: Absence[]; nextCursor?: string }> {
  const partition = branchAbsencesPartition(branchId);
  const page = await queryPage(store, {
    IndexName: 'register',
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': partition },
    ScanIndexForward: false,
    partition,
    limit: options.limit,
    cursor: options.cursor,
  });
  const now = clock().now();
  return { ...page, items: page.items.map((i) => toAbsence(i, now)) };
}

/**
 * The supervisor ends an absence early (the person is back) or calls off one not yet begun. The
 * `absence-end` duty is brought forward to now, so the duties go back at once (and again by the
 * sweeper if this request dies half way); a start duty still pending is cancelled.
 */
export async function endAbsence(
  store: Store,
  branchId: string,
  id: string,
  expectedVersion: number,
  actor: Actor,
): Promise<Absence> {
  const current = await getStored(store, branchId, id);
  const now = clock().now();
  const at = now.toISOString();
  const status = absenceStatus(current, now);
  if (status === 'ended' || status === 'cancelled') {
    throw new ConflictError(`Absence ${id} is already ${status}`);
  }
  if (current.version !== expectedVersion) {
    throw new ConflictError(`You read version ${expectedVersion}; the absence is at ${current.version}`);
  }
  const [startDuty, endDuty] = await Promise.all([
    getDuty(store, branchId, current.startDutyId),
    getDuty(store, branchId, current.endDutyId),
  ]);
  const steps: Step[] = [
    {
      item: {
        Update: {
          TableName: store.tableName,
          Key: absenceKey(branchId, id),
          UpdateExpression: 'SET endedAt = :at, updatedAt = :at, updatedBy = :by, #version = #version + :one',
          ConditionExpression: '#version = :read',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':at': at, ':by': actor.staffId, ':one': 1, ':read': expectedVersion },
        },
      },
      onConditionFailed: () => new ConflictError('The absence changed after you read it; reload and retry'),
    },
    ...(startDuty.status === 'pending' ? [cancelDutyStep(store, startDuty.id, branchId)] : []),
    ...(endDuty.status === 'pending'
      ? [rescheduleDutyStep(store, endDuty.id, branchId, { openAt: at, dueAt: at, fireAt: at })]
      : []),
    putStep(
      store,
      logEntryItem(
        {
          actor,
          action: status === 'scheduled' ? 'absence.cancelled' : 'absence.ended',
          subject: { kind: 'absence', id },
          summary: `${current.staff.name} back ${at}; open duties go back from ${current.delegate.name}`,
          changes: ['endedAt'],
          logPartition: absenceKey(branchId, id).pk,
        },
        at,
      ),
    ),
  ];
  await transact(store, steps);
  if (status === 'active') await finishAbsence(store, branchId, id);
  return getAbsence(store, branchId, id);
}

/**
 * R-FUP-1: the customer got another designated agent: the open duties about them (their calls,
 * what their calls left open, their archive) move from the old agent's queue to the new one's.
 */
export async function handOverCustomerDuties(
  store: Store,
  input: { branchId: string; customerId: string; from: string; to: string },
): Promise<number> {
  const aboutCustomer = {
    expression: '((#subject.#kind = :customer AND #subject.#id = :c) OR #payload.#customerId = :c)',
    names: {
      '#subject': 'subject',
      '#kind': 'kind',
      '#id': 'id',
      '#payload': 'payload',
      '#customerId': 'customerId',
    },
    values: { ':customer': 'customer', ':c': input.customerId },
  };
  const own = await moveOpenDuties(store, input.branchId, {
    from: input.from,
    to: input.to,
    move: 'handover',
    filter: aboutCustomer,
  });
  // The old agent is away: their delegate holds the customer's duties for now; those go too.
  const now = await assigneeAt(store, input.branchId, input.from, clock().now());
  if (!now.delegatedFrom || now.assignee === input.to) return own;
  const held = await moveOpenDuties(store, input.branchId, {
    from: now.assignee,
    to: input.to,
    move: 'handover',
    filter: {
      ...aboutCustomer,
      expression: `${aboutCustomer.expression} AND delegatedFrom = :orig`,
      values: { ...aboutCustomer.values, ':orig': input.from },
    },
  });
  return own + held;
}

async function countMoves(
  store: Store,
  branchId: string,
  id: string,
  field: 'movedDuties' | 'returnedDuties',
  n: number,
) {
  if (n === 0) return;
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: absenceKey(branchId, id),
      UpdateExpression: `ADD ${field} :n`,
      ExpressionAttributeValues: { ':n': n },
    }),
  );
}

/** `absence-start`: the absent person's open duties go to the delegate (unless it was called off). */
export async function startAbsence(store: Store, branchId: string, id: string): Promise<number> {
  const absence = await getStored(store, branchId, id);
  const status = absenceStatus(absence, clock().now());
  if (status !== 'active') return 0;
  const moved = await moveOpenDuties(store, branchId, {
    from: absence.staff.staffId,
    to: absence.delegate.staffId,
    move: 'delegate',
  });
  await countMoves(store, branchId, id, 'movedDuties', moved);
  return moved;
}

/**
 * `absence-end`: the duties the delegate has not done go back to the person; or, when another
 * absence of theirs runs now (the leave was extended by a second absence, or this one was called
 * off while an earlier one runs), to that absence's delegate, and they stay where they are when
 * that is the same person.
 */
export async function finishAbsence(store: Store, branchId: string, id: string): Promise<number> {
  const absence = await getStored(store, branchId, id);
  const whose = absence.staff.staffId;
  const holder = absence.delegate.staffId;
  // This absence is over whatever the (eventually consistent) index still says of it.
  const now = await assigneeAt(store, branchId, whose, clock().now(), id);
  if (now.assignee === holder) return 0;
  const returned = await moveOpenDuties(store, branchId, {
    from: holder,
    to: now.assignee,
    move: now.delegatedFrom ? 'redelegate' : 'return',
    filter: { expression: 'delegatedFrom = :orig', values: { ':orig': whose } },
  });
  await countMoves(store, branchId, id, 'returnedDuties', returned);
  return returned;
}
