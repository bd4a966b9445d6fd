import { ulid } from 'ulid';
import { moveOpenDuties } from '../../duty-engine/queues';
import { cancelDutyStep, getDuty, rescheduleDutyStep, scheduleDutyStep } from '../../duty-engine/store';
import type { Actor } from '../../kernel/access';
import { ConflictError, ValidationError, VersionConflictError } from '../../kernel/errors';
import { zodIssues } from '../../kernel/zod-issues';
import type { Store } from '../../platform/dynamo/client';
import {
  getRecord,
  type Idempotency,
  idempotencyStep,
  logEntryItem,
  putStep,
  type Step,
  stampNew,
  transact,
} from '../../platform/dynamo/records';
import { clock } from '../../platform/ports/clock';
import { branchMembers } from '../../staff/store';
import { absenceStatus, checkAbsenceNotOver, checkNewAbsence } from '../rules';
import { type Absence, type CreateAbsenceBody, createAbsenceBody } from '../schemas';
import {
  absenceKey,
  assigneeAt,
  branchAbsencesNotOver,
  branchAbsencesPartition,
  countMoves,
  currentAbsences,
  getAbsence,
  getStored,
  lockKey,
  type StoredAbsence,
  staffAbsencesPartition,
} from '../store/absences';

/** The supervisor's absences and the duties that move with them (R-FUP-1, shared/follow-up/store/absences.ts). */
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
    throw new VersionConflictError(
      `You read version ${expectedVersion}; the absence is at ${current.version}`,
      current.version,
    );
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
