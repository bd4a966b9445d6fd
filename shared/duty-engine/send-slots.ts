import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Pacer, PacerClock } from '../platform/adapters/pacing';
import type { Store } from '../platform/dynamo/client';
import { dutyShards } from './keys';
import { sweepReserveMs } from './sweeper';

/**
 * The SMS account's quota shared by concurrent sweepers (issue 14, R-X-1): time is cut into slots
 * of 1/perSecond seconds and each message takes a slot of its own with a conditional put of a
 * `SMS-SLOT#<n>` item (`attribute_not_exists`: of several sweepers exactly one gets a slot), then
 * waits for the slot's start. Messages of all processes so leave at least 1/perSecond apart, and
 * no one-second window carries more than `perSecond` of them, whatever the number of sweepers:
 * what the in-process pacer (shared/platform/adapters/pacing.ts) guarantees for one process.
 *
 * A message leaves at its slot's start, never later: a slot that began while its put was on the
 * way is left unused (sent late in it, the message would crowd the next slot's), and the next
 * slot asked for starts at least one put's time (the last one's) from now.
 *
 * Cost: one PutItem per message, plus one per slot another sweeper took first or that began
 * before its put returned; the items expire after a day (TTL). The slot starts are read from each
 * process's clock: Lambda hosts keep time to within milliseconds, far below the slot length at
 * any SMS quota (10 ms at 100/s).
 */
export function createSharedPacer(options: {
  store: Store;
  perSecond: number;
  clock: PacerClock;
}): Pacer & { acquireSlot(): Promise<number> } {
  const { store, perSecond, clock } = options;
  if (!(perSecond > 0)) throw new RangeError('perSecond must be above 0');
  const slotMs = 1000 / perSecond;
  let next = 0;
  let queue: Promise<unknown> = Promise.resolve();

  /** How long the last put took: a slot asked for starts at least that far from now. */
  let putMs = 0;

  async function claim(slot: number): Promise<boolean> {
    const sentAt = clock.now().getTime();
    try {
      await store.doc.send(
        new PutCommand({
          TableName: store.tableName,
          Item: {
            pk: `SMS-SLOT#${slot}`,
            sk: 'SLOT',
            type: 'sms-slot',
            expiresAt: Math.floor((slot * slotMs) / 1000) + 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    } finally {
      putMs = Math.max(0, clock.now().getTime() - sentAt);
    }
  }

  async function take(): Promise<number> {
    const earliest = () => Math.max(next, Math.ceil((clock.now().getTime() + putMs) / slotMs));
    let slot = earliest();
    for (;;) {
      if (!(await claim(slot))) {
        slot++;
        continue;
      }
      next = slot + 1;
      const wait = slot * slotMs - clock.now().getTime();
      if (wait >= 0) {
        if (wait > 0) await clock.sleep(Math.ceil(wait));
        return slot * slotMs;
      }
      // The slot began while its put was on the way: it stays unused, the message takes a later one.
      slot = earliest();
    }
  }

  const acquireSlot = () => {
    // One claim at a time per process: its own callers never race each other for a slot.
    const turn = queue.then(take);
    queue = turn.catch(() => undefined);
    return turn;
  };
  return {
    acquireSlot,
    acquire: async () => {
      await acquireSlot();
    },
  };
}

/**
 * Sweeps that may run at once in AWS: one per due-index shard every minute, and the hourly deep
 * sweep (infra/constructs/duties.ts: the sweeper's reserved concurrency). They share the quota.
 */
export const concurrentSweepers = dutyShards + 1;

/**
 * Duties one sweep performs at once, so that the messages it has started when it stops claiming
 * (`sweepReserveMs` before its timeout) still leave before the timeout while `sweepers` processes
 * share the quota. A process holds one slot claim at a time and the others take at most one slot
 * each in between, so its n-th waiting message leaves within n × sweepers slots: the pool is
 * sized to fill two thirds of the reserve (4 at 1 SMS/s and 5 sweepers: 20 s), at least 1 and at
 * most 8 (the sweep's default, reached from 2 SMS/s).
 */
export function concurrencyWithinReserve(perSecond: number, sweepers: number): number {
  const slots = (perSecond * sweepReserveMs * (2 / 3)) / 1000;
  return Math.max(1, Math.min(8, Math.floor(slots / Math.max(1, sweepers))));
}
