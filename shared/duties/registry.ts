import { reportPerformers } from '../metrics/reports';
import type { Store } from '../store/client';
import { archiveDutyPerformers } from './archive-performer';
import { followUpPerformers } from './follow-up';
import { orderDutyPerformers } from './performers';
import type { Performers } from './sweeper';

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
