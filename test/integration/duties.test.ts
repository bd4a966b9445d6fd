import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { dutyShards } from '../../shared/duty-engine/keys';
import { listDeadDuties } from '../../shared/duty-engine/queues';
import type { Duty } from '../../shared/duty-engine/schemas';
import {
  cancelDuty,
  dutyKey,
  getDuty,
  rescheduleDuty,
  scheduleDuties,
  scheduleDuty,
  scheduleDutyStep,
} from '../../shared/duty-engine/store';
import { type Performers, sweep } from '../../shared/duty-engine/sweeper';
import { ConflictError, ValidationError } from '../../shared/kernel/errors';
import { store } from '../../shared/platform/dynamo/client';
import { getRecord, putStep, transact } from '../../shared/platform/dynamo/records';
import { setClock } from '../../shared/platform/ports/clock';
import { restoreTestClock } from '../support/clock';
import { randomHourFrom } from '../support/far-clock';

/**
 * The duty engine against DynamoDB Local (ARCHITECTURE "Duties", R-X-3): scheduling, moving and
 * cancelling a duty, the sweep firing it at its time and not before, retries ending in the dead
 * letter, and a sweep whose cost follows the duties due now.
 *
 * The sweeper reads a global index, so each test runs its fake clock in an hour of its own far in
 * the future: sweeps of other tests (and duties other suites schedule at real time) never meet.
 */
const minute = 60_000;
const hour = 60 * minute;
let now = 0;

function freshEra(): number {
  now = randomHourFrom(9000);
  setClock({ now: () => new Date(now) });
  return now;
}

afterEach(restoreTestClock);

const branch = () => `T${ulid().slice(-7)}`;
const iso = (ms: number) => new Date(ms).toISOString();

function counting(fail = false) {
  const fired: string[] = [];
  const performers: Performers = {
    test: async (duty) => {
      fired.push(duty.id);
      if (fail) throw new Error('SMS gateway said no');
    },
  };
  return { fired, performers };
}

const testDuty = (branchId: string, fireAt: number, extra: Record<string, unknown> = {}) => ({
  kind: 'test' as const,
  subject: { kind: 'order', id: ulid() },
  branchId,
  openAt: iso(fireAt),
  dueAt: iso(fireAt + hour),
  ...extra,
});

const sweepNow = (performers: Performers) => sweep({ store: store(), performers, lookbackHours: 1 });

describe('scheduling duties (R-X-3)', () => {
  it('stores a pending duty in the due index under its hour bucket and fire time', async () => {
    const start = freshEra();
    const branchId = branch();
    const duty = await scheduleDuty(store(), {
      ...testDuty(branchId, start + 2 * hour),
      assignee: 'STAFF1',
      payload: { template: 'pickup' },
    });

    expect(await getDuty(store(), branchId, duty.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      fireAt: iso(start + 2 * hour),
      assignee: 'STAFF1',
      payload: { template: 'pickup' },
      version: 1,
    });
    const item = await getRecord(store(), dutyKey(branchId, duty.id));
    expect(item?.gsi3pk).toMatch(
      new RegExp(`^DUE#${iso(start + 2 * hour).slice(0, 13)}#[0-${dutyShards - 1}]$`),
    );
    expect(item?.gsi3sk).toBe(`${iso(start + 2 * hour)}#${duty.id}`);
  });

  it('refuses a duty with a bad time, naming the field', async () => {
    freshEra();
    const error = await scheduleDuty(store(), { ...testDuty(branch(), now), openAt: 'tomorrow' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['duty.openAt']);
  });

  it('refuses to move a duty to a time that is not a time, naming the field', async () => {
    freshEra();
    const duty = await scheduleDuty(store(), testDuty(branch(), now + hour));
    const error = await rescheduleDuty(store(), duty.id, duty.branchId, {
      openAt: iso(now),
      dueAt: 'later',
    }).catch((e) => e);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['times.dueAt']);
    expect((await getDuty(store(), duty.branchId, duty.id)).version).toBe(1);
  });

  it('schedules a duty inside another record’s transaction, and not at all when that write fails', async () => {
    freshEra();
    const branchId = branch();
    const record = { pk: `BR#${branchId}#THING#${ulid()}`, sk: 'THING' };
    const first = scheduleDutyStep(store(), testDuty(branchId, now + hour));
    await transact(store(), [putStep(store(), record), first.step]);
    expect((await getDuty(store(), branchId, first.duty.id)).status).toBe('pending');

    const second = scheduleDutyStep(store(), testDuty(branchId, now + hour));
    const refused = new ConflictError('thing exists');
    await expect(
      transact(store(), [
        putStep(store(), record, {
          expression: 'attribute_not_exists(pk)',
          onConditionFailed: () => refused,
        }),
        second.step,
      ]),
    ).rejects.toBe(refused);
    await expect(getDuty(store(), branchId, second.duty.id)).rejects.toThrow(/not found/);
  });
});

describe('firing at the right time (R-X-3)', () => {
  it('does not fire a future duty early, and fires it once its time comes', async () => {
    const start = freshEra();
    const duty = await scheduleDuty(store(), testDuty(branch(), start + 30 * minute));
    const { fired, performers } = counting();

    now = start + 30 * minute - 1;
    await sweepNow(performers);
    expect(fired).toEqual([]);

    now = start + 30 * minute;
    await sweepNow(performers);
    await sweepNow(performers);
    expect(fired).toEqual([duty.id]);
    expect(await getDuty(store(), duty.branchId, duty.id)).toMatchObject({
      status: 'done',
      doneAt: iso(now),
    });
    expect(await getRecord(store(), dutyKey(duty.branchId, duty.id))).not.toHaveProperty('gsi3pk');
  });

  it('fires a duty scheduled with a time already past at the next sweep', async () => {
    const start = freshEra();
    const duty = await scheduleDuty(store(), testDuty(branch(), start - 3 * 24 * hour));
    const { fired, performers } = counting();
    await sweepNow(performers);
    expect(fired).toEqual([duty.id]);
  });

  it('moves a duty when the time it depends on moves: not at the old time, at the new one', async () => {
    const start = freshEra();
    const duty = await scheduleDuty(store(), testDuty(branch(), start + 20 * minute));
    const moved = await rescheduleDuty(store(), duty.id, duty.branchId, {
      openAt: iso(start + 3 * hour),
      dueAt: iso(start + 4 * hour),
    });
    expect(moved).toMatchObject({ status: 'pending', fireAt: iso(start + 3 * hour), version: 2 });
    const item = await getRecord(store(), dutyKey(duty.branchId, duty.id));
    expect(item?.gsi3pk).toContain(`DUE#${iso(start + 3 * hour).slice(0, 13)}#`);

    const { fired, performers } = counting();
    now = start + 30 * minute;
    await sweepNow(performers);
    expect(fired).toEqual([]);
    now = start + 3 * hour;
    await sweepNow(performers);
    expect(fired).toEqual([duty.id]);
  });

  it('never fires a cancelled duty, and refuses to move or cancel it again', async () => {
    const start = freshEra();
    const duty = await scheduleDuty(store(), testDuty(branch(), start + minute));
    const cancelled = await cancelDuty(store(), duty.id, duty.branchId);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledAt: iso(start) });
    expect(await getRecord(store(), dutyKey(duty.branchId, duty.id))).not.toHaveProperty('gsi3pk');

    const { fired, performers } = counting();
    now = start + 2 * hour;
    await sweepNow(performers);
    expect(fired).toEqual([]);
    await expect(cancelDuty(store(), duty.id, duty.branchId)).rejects.toBeInstanceOf(ConflictError);
    await expect(
      rescheduleDuty(store(), duty.id, duty.branchId, { openAt: iso(now), dueAt: iso(now) }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('retries and the dead letter (R-X-3)', () => {
  it('retries a failing duty with growing backoff, then dead-letters it where the branch can list it', async () => {
    const start = freshEra();
    const duty = await scheduleDuty(store(), testDuty(branch(), start));
    const { fired, performers } = counting(true);
    const fireTimes: string[] = [];

    for (let run = 0; run < 12; run++) {
      await sweepNow(performers);
      const current = await getDuty(store(), duty.branchId, duty.id);
      if (current.status !== 'pending') break;
      fireTimes.push(current.fireAt);
      now = Date.parse(current.fireAt);
    }

    expect(fired).toHaveLength(5);
    // 1, 2, 4 and 8 minutes after each failed attempt.
    const gaps = fireTimes.map(
      (t, i) => Date.parse(t) - (i === 0 ? start : Date.parse(fireTimes[i - 1] ?? '')),
    );
    expect(gaps).toEqual([1, 2, 4, 8].map((m) => m * minute));
    const dead = await getDuty(store(), duty.branchId, duty.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 5, lastError: 'Error: SMS gateway said no' });
    expect((await listDeadDuties(store(), duty.branchId)).items.map((d: Duty) => d.id)).toEqual([duty.id]);
  });

  it('dead-letters a duty whose kind has no performer instead of dropping it', async () => {
    const start = freshEra();
    const duty = await scheduleDuty(store(), testDuty(branch(), start));
    for (let run = 0; run < 6; run++) {
      await sweepNow({});
      now += hour;
    }
    expect(await getDuty(store(), duty.branchId, duty.id)).toMatchObject({
      status: 'dead',
      lastError: 'Error: No performer for duty kind test',
    });
  });
});

describe('the sweep’s cost (ARCHITECTURE targets)', () => {
  it('reads the same number of partitions with 300 duties pending later as with none', async () => {
    const start = freshEra();
    const empty = await sweep({ store: store(), performers: {}, lookbackHours: 2 });
    const branchId = branch();
    await scheduleDuties(
      store(),
      Array.from({ length: 300 }, (_, i) => testDuty(branchId, start + (4 + (i % 20)) * hour)),
    );
    const loaded = await sweep({ store: store(), performers: {}, lookbackHours: 2 });

    expect(empty.queries).toBe(3 * dutyShards);
    expect(loaded).toEqual(empty);
  });
});
