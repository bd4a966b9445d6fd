import { describe, expect, it } from 'vitest';
import { type InspectionFiling, inspected } from '../../shared/orders/rules/inspection';
import type { Order } from '../../shared/orders/schemas/order';
import { aDraft } from '../support/draft-orders';

const now = '2031-06-11T02:10:00.000Z';
const finished = '2031-06-11T01:40:00.000Z';
const inspector = { staffId: 'INSPECTOR', name: 'Ivy' };
const dispatcher = { staffId: 'DISPATCHER', name: 'Dina' };

const team = (teamId: string): Order['teams'][number] => ({
  teamId,
  teamName: `Team ${teamId}`,
  assignedAt: '2031-06-10T09:00:00.000Z',
  assignedBy: dispatcher,
  doneAt: finished,
});

/** A car in the inspector's queue: both its teams finished at `finished`. */
function anOrder(over: Partial<Order> = {}): Order {
  return aDraft({
    state: 'quality_check',
    lines: [],
    totals: { labour: 0, parts: 0, fees: 0, riskPremium: 0, total: 0 },
    promisedAt: '2031-06-11T06:00:00.000Z',
    originalPromisedAt: '2031-06-11T06:00:00.000Z',
    teams: [team('A'), team('B')],
    workDoneAt: finished,
    version: 9,
    createdAt: '2031-06-10T08:00:00.000Z',
    updatedAt: finished,
    updatedBy: 'LEAD-B',
    ...over,
  });
}

const filing = (over: Partial<InspectionFiling> = {}): InspectionFiling => ({
  id: 'INSPECTION-1',
  inspector,
  result: 'pass',
  assembliesInspected: 2,
  recordComplete: true,
  ...over,
});

describe('the inspection of a finished car (R-PKP-1, R-WS-4, R-QC-1..3)', () => {
  it.each([
    // case, order, filing, record expected
    [
      'R-QC-3: the record keeps when the teams finished, for its timeliness',
      anOrder(),
      filing(),
      { filedAt: now, workDoneAt: finished, recordComplete: true, assembliesInspected: 2 },
    ],
    [
      'R-QC-3: a car without a recorded finish counts from the filing',
      anOrder({ workDoneAt: undefined }),
      filing(),
      { filedAt: now, workDoneAt: now },
    ],
    [
      'R-QC-1, R-QC-3: an incomplete record and the assemblies are kept as filed',
      anOrder(),
      filing({ recordComplete: false, assembliesInspected: 0, findings: 'Photo missing' }),
      { recordComplete: false, assembliesInspected: 0, findings: 'Photo missing' },
    ],
  ])('%s', (_case, order, given, record) => {
    const { order: next } = inspected(order, given, now);
    expect(next.inspections).toHaveLength(1);
    expect(next.inspections[0]).toMatchObject({
      id: 'INSPECTION-1',
      inspector,
      result: given.result,
      ...record,
    });
  });

  it('R-PKP-1: a pass makes the car ready; the teams keep their finish and nothing reopens', () => {
    const order = anOrder();
    const { order: next, reopened } = inspected(order, filing(), now);
    expect(next.readyAt).toBe(now);
    expect(next.workDoneAt).toBe(finished);
    expect(next.teams.map((t) => t.doneAt)).toEqual([finished, finished]);
    expect(reopened).toEqual([]);
    expect(next.inspections[0]).not.toHaveProperty('findings');
    expect(order.inspections).toEqual([]);
  });

  it('R-PKP-1, R-WS-2: a fail sends the car back: the finish is forgotten and every team has the job again', () => {
    const { order: next, reopened } = inspected(
      anOrder(),
      filing({ result: 'fail', findings: 'Brake pedal soft' }),
      now,
    );
    expect(next).not.toHaveProperty('workDoneAt');
    expect(next).not.toHaveProperty('readyAt');
    expect(next.teams.map((t) => [t.teamId, t.doneAt])).toEqual([
      ['A', undefined],
      ['B', undefined],
    ]);
    expect(reopened.map((t) => t.teamId)).toEqual(['A', 'B']);
    expect(next.inspections[0]).toMatchObject({
      result: 'fail',
      findings: 'Brake pedal soft',
      workDoneAt: finished,
    });
  });

  it('R-QC-2: every inspection stays on record: a pass after a fail is the second record', () => {
    const failed = inspected(anOrder(), filing({ id: 'FIRST', result: 'fail', findings: 'Leak' }), now).order;
    const again = { ...failed, workDoneAt: '2031-06-11T03:00:00.000Z' };
    const { order: next } = inspected(again, filing({ id: 'SECOND' }), '2031-06-11T03:20:00.000Z');
    expect(next.inspections.map((i) => [i.id, i.result, i.workDoneAt])).toEqual([
      ['FIRST', 'fail', finished],
      ['SECOND', 'pass', '2031-06-11T03:00:00.000Z'],
    ]);
  });
});
