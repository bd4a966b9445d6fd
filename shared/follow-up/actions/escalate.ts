import {
  type EscalationTarget,
  escalateIfOpen as raiseIfOpen,
  escalationSteps as raiseSteps,
} from '../../duty-engine/escalation';
import type { Duty } from '../../duty-engine/schemas';
import type { EscalationReason } from '../../duty-engine/store';
import type { Store } from '../../platform/dynamo/client';
import type { Step } from '../../platform/dynamo/records';
import { supervisorFor } from '../../staff/rules';
import { branchMembers } from '../../staff/store';
import { assigneeAt } from '../store/absences';

/**
 * Escalations of the shop's human duties (R-PRG-1, R-FUP-4) go to an active supervisor of the
 * branch, or to their delegate while they are away (R-FUP-1). The duty engine raises them; this is
 * whom it raises them to.
 */
function supervisorOnDuty(store: Store): EscalationTarget {
  return async (duty, now) => {
    const supervisor = supervisorFor(await branchMembers(store, duty.branchId), duty.assignee);
    return supervisor ? assigneeAt(store, duty.branchId, supervisor.id, now) : undefined;
  };
}

/** The engine's `escalateIfOpen`, to the branch's supervisor on duty. */
export function escalateIfOpen(
  store: Store,
  duty: Duty,
  input: { now: Date; dueAt: Date },
): Promise<Duty | undefined> {
  return raiseIfOpen(store, duty, { ...input, target: supervisorOnDuty(store) });
}

/** The engine's `escalationSteps`, to the branch's supervisor on duty. */
export function escalationSteps(
  store: Store,
  duty: Duty,
  input: { now: Date; dueAt: Date; extra?: Record<string, unknown>; reason?: EscalationReason },
): Promise<{ escalation: Duty; steps: Step[] }> {
  return raiseSteps(store, duty, { ...input, target: supervisorOnDuty(store) });
}
