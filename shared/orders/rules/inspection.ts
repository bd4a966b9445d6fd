import type { Order, StaffRef } from '../schemas/order';

/**
 * The quality inspection of a finished car (R-PKP-1, R-WS-4, inputs of R-QC-1..3), pure: the
 * record the inspector files and what it does to the order.
 */
type Team = Order['teams'][number];

export interface InspectionFiling {
  id: string;
  inspector: StaffRef;
  result: 'pass' | 'fail';
  findings?: string | undefined;
  /** Assemblies inspected besides the car (R-QC-1 workload). */
  assembliesInspected: number;
  /** The record is complete (R-QC-3). */
  recordComplete: boolean;
}

/**
 * R-PKP-1, R-QC-3: the inspection is filed on the order with the time the teams finished, so its
 * timeliness is from the finish to the record (a car without a finish recorded counts from now).
 * A pass makes the car ready for pickup preparation. A fail sends it back to its teams: the work
 * is not done until it passes, so the finish is forgotten and every team has the job open again
 * (`reopened`, counted by R-WS-2's balancing).
 */
export function inspected(
  order: Order,
  filing: InspectionFiling,
  now: string,
): { order: Order; reopened: Team[] } {
  const record: Order['inspections'][number] = {
    id: filing.id,
    inspector: filing.inspector,
    result: filing.result,
    ...(filing.findings ? { findings: filing.findings } : {}),
    assembliesInspected: filing.assembliesInspected,
    recordComplete: filing.recordComplete,
    filedAt: now,
    workDoneAt: order.workDoneAt ?? now,
  };
  const inspections = [...order.inspections, record];
  if (filing.result === 'pass') return { order: { ...order, inspections, readyAt: now }, reopened: [] };
  const { workDoneAt: _workDoneAt, ...rest } = order;
  const teams = order.teams.map(({ doneAt: _doneAt, ...team }) => team);
  return { order: { ...rest, inspections, teams }, reopened: teams };
}
