import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { startSweeper } from '../../infra/local/runtime';
import { getDuty, scheduleDuty } from '../../shared/duty-engine/store';
import { store } from '../../shared/platform/dynamo/client';
import { setClock } from '../../shared/platform/ports/clock';
import { restoreTestClock } from '../support/clock';
import { hour, iso, randomHourFrom } from '../support/far-clock';

/**
 * The local runtime's sweeper catches up like AWS's hourly deep sweep (ARCHITECTURE "Duties",
 * R-X-3): a duty that fell due 10 hours ago (the runtime was stopped overnight with a kept
 * `.data/`) is claimed by its first run, beyond the minute sweep's 3-hour reach.
 */
afterEach(restoreTestClock);

describe('the local sweeper (R-X-3)', () => {
  it('reaches duties that fell due 10 hours before it started', async () => {
    const now = randomHourFrom(9800, 150);
    // Scheduled 10 hours ago for then (in that hour's bucket of the due index) …
    setClock({ now: () => new Date(now - 10 * hour) });
    const duty = await scheduleDuty(store(), {
      // An escalation's performer only notes that it fell due: the duty ends `done`.
      kind: 'escalation',
      subject: { kind: 'duty', id: ulid() },
      assignee: ulid(),
      branchId: `T${ulid().slice(-7)}`,
      openAt: iso(now - 10 * hour),
      dueAt: iso(now - 10 * hour),
    });
    // … and the runtime starts now.
    setClock({ now: () => new Date(now) });
    const sweeper = startSweeper(store(), 20);
    try {
      await expect
        .poll(async () => (await getDuty(store(), duty.branchId, duty.id)).status, { timeout: 10_000 })
        .toBe('done');
    } finally {
      await sweeper.stop();
    }
  });
});
