import { archiveDutyPerformers } from './archive/duties';
import type { Performers } from './duty-engine/sweeper';
import { followUpPerformers } from './follow-up/duties';
import { orderDutyPerformers } from './orders/duties/performers';
import type { Store } from './platform/dynamo/client';
import { reportPerformers } from './reports/actions/reports';

/**
 * Every duty kind's performer, in one list: the sweeper Lambda (functions/duties/sweep.ts) and
 * the local runtime register the same ones. A kind without a performer is retried and then
 * dead-lettered, so a forgotten registration shows up in the dead-duty register.
 */
export function dutyPerformers(store: Store): Performers {
  return {
    ...orderDutyPerformers(store),
    ...archiveDutyPerformers(store),
    ...followUpPerformers(store),
    ...reportPerformers(store),
  };
}
