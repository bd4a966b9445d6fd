import { appointmentPerformers } from './appointments/duties/performers';
import { archiveDutyPerformers } from './archive/duties';
import { complaintCompletions, complaintPerformers } from './complaints/duties';
import type { DutyCompletions } from './duty-engine/store';
import type { Performers } from './duty-engine/sweeper';
import { followUpCompletions, followUpPerformers } from './follow-up/duties';
import { orderDutyCompletions, orderDutyPerformers } from './orders/duties/performers';
import type { Store } from './platform/dynamo/client';
import { reminderPerformers } from './reminders/duties';
import { replyPerformers } from './replies/duties';
import { reportPerformers } from './reports/duties/performers';
import { surveyPerformers } from './self-service/duties/survey';

/**
 * Every area's duty kinds, registered with the engine, which knows none of them (ARCHITECTURE
 * "shared/"): what the sweeper does when a kind fires, and how a person completes one.
 *
 * Performers: the sweeper Lambda (functions/duties/sweep.ts) and the local runtime register the
 * same ones. A kind without a performer is retried and then dead-lettered, so a forgotten
 * registration shows up in the dead-duty register.
 */
export function dutyPerformers(store: Store): Performers {
  return registered(
    'performers',
    orderDutyPerformers(store),
    archiveDutyPerformers(store),
    followUpPerformers(store),
    reportPerformers(store),
    reminderPerformers(store),
    appointmentPerformers(store),
    complaintPerformers(store),
    replyPerformers(store),
    surveyPerformers(store),
  );
}

/** How a person completes each kind (POST /branches/{b}/duties/{id}/complete, functions/duties/complete.ts). */
export function dutyCompletions(store: Store): DutyCompletions {
  return registered('completions', orderDutyCompletions(store), followUpCompletions, complaintCompletions);
}

/** The areas' registrations in one list; a kind two areas register is an error, never a silent override. */
function registered<T>(what: string, ...areas: Readonly<Record<string, T>>[]): Record<string, T> {
  const all: Record<string, T> = {};
  for (const area of areas) {
    for (const [kind, entry] of Object.entries(area)) {
      if (Object.hasOwn(all, kind)) throw new Error(`Duty kind ${kind} is registered twice (${what})`);
      all[kind] = entry;
    }
  }
  return all;
}
