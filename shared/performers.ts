import { archiveDutyPerformers } from './archive/duties';
import type { DutyCompletions } from './duty-engine/store';
import type { Performers } from './duty-engine/sweeper';
import { followUpCompletions, followUpPerformers } from './follow-up/duties';
import { orderDutyCompletions, orderDutyPerformers } from './orders/duties/performers';
import type { Store } from './platform/dynamo/client';
import { reportPerformers } from './reports/duties';

/**
 * Every area's duty kinds, registered with the engine, which knows none of them (ARCHITECTURE
 * "shared/"): what the sweeper does when a kind fires, and how a person completes one.
 *
 * Performers: the sweeper Lambda (functions/duties/sweep.ts) and the local runtime register the
 * same ones. A kind without a performer is retried and then dead-lettered, so a forgotten
 * registration shows up in the dead-duty register.
 */
export function dutyPerformers(store: Store): Performers {
  return {
    ...orderDutyPerformers(store),
    ...archiveDutyPerformers(store),
    ...followUpPerformers(store),
    ...reportPerformers(store),
  };
}

/** How a person completes each kind (POST /branches/{b}/duties/{id}/complete, functions/duties/complete.ts). */
export function dutyCompletions(store: Store): DutyCompletions {
  return { ...orderDutyCompletions(store), ...followUpCompletions };
}
