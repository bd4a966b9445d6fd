import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Pacer, PacerClock } from '../platform/adapters/pacing';
import type { Store } from '../platform/dynamo/client';

/**
 * The SMS account's quota shared by concurrent sweepers (issue 14, R-X-1): time is cut into slots
 * of 1/perSecond seconds and each message takes a slot of its own with a conditional put of a
 * `SMS-SLOT#<n>` item (`attribute_not_exists`: of several sweepers exactly one gets a slot), then
 * waits for the slot's start. Messages of all processes so leave at least 1/perSecond apart, and
 * no one-second window carries more than `perSecond` of them, whatever the number of sweepers:
 * what the in-process pacer (shared/platform/adapters/pacing.ts) guarantees for one process.
 *
 * Cost: one PutItem per message (plus one per slot another sweeper took first); the items expire
 * after a day (TTL). The slot starts are read from each process's clock: Lambda hosts keep time
 * to within milliseconds, far below the slot length at any SMS quota (10 ms at 100/s).
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

  async function claim(slot: number): Promise<boolean> {
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
    }
  }

  async function take(): Promise<number> {
    let slot = Math.max(next, Math.ceil(clock.now().getTime() / slotMs));
    while (!(await claim(slot))) slot++;
    next = slot + 1;
    const wait = slot * slotMs - clock.now().getTime();
    if (wait > 0) await clock.sleep(Math.ceil(wait));
    return slot * slotMs;
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
