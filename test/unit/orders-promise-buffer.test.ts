import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../shared/kernel/policy';
import { checkPromise, plannedWork } from '../../shared/orders/rules/promise';
import { leastLoadedTeams, type TeamLoad } from '../../shared/orders/rules/workshop';
import type { PricedLine } from '../../shared/orders/schemas/lines';

const now = new Date('2025-03-10T02:00:00.000Z');
const at = (minutesFromNow: number) => new Date(now.getTime() + minutesFromNow * 60_000);
const buffer = defaultPolicy.order.promiseBufferMinutes; // 30

describe('the promised completion time keeps a buffer and waits for parts (R-RO-2)', () => {
  it.each([
    // case, labour minutes, parts expected (minutes from now), promise (minutes from now), ok, earliest
    ['in the past', 0, [], -5, false, buffer],
    ['right now with no work', 0, [], 0, false, buffer],
    ['the buffer alone after no work', 0, [], buffer, true, buffer],
    ['90 min of work plus the buffer', 90, [], 120, true, 120],
    ['one minute short of work plus buffer', 90, [], 119, false, 120],
    ['a part arriving after the work ends', 90, [240], 250, false, 270],
    ['the buffer after the part arrives', 90, [240], 270, true, 270],
    ['the latest of several parts', 30, [60, 600, 120], 630, true, 630],
    ['a part already due before the work ends', 90, [10], 120, true, 120],
  ])(
    '%s: %i min of work, parts at %j → promise at +%i min is ok: %s',
    (_case, labour, parts, promise, ok, earliest) => {
      const check = checkPromise({
        now,
        promisedAt: at(promise as number),
        bufferMinutes: buffer,
        labourMinutes: labour as number,
        partsExpectedAt: (parts as number[]).map(at),
      });
      expect(check.ok).toBe(ok);
      expect(check.earliest).toEqual(at(earliest as number));
    },
  );

  it('rounds the earliest promise up to the whole minute', () => {
    const odd = new Date('2025-03-10T02:00:20.000Z');
    const check = checkPromise({
      now: odd,
      promisedAt: odd,
      bufferMinutes: 30,
      labourMinutes: 0,
      partsExpectedAt: [],
    });
    expect(check.earliest.toISOString()).toBe('2025-03-10T02:31:00.000Z');
  });

  it('says what the promise has to wait for', () => {
    const check = checkPromise({
      now,
      promisedAt: at(60),
      bufferMinutes: 30,
      labourMinutes: 90,
      partsExpectedAt: [at(240)],
    });
    expect(check.ok).toBe(false);
    if (!check.ok)
      expect(check.reason).toMatch(/30 min after the planned work \(1 h 30 min from now\).*last part/);
  });

  const line = (over: Partial<PricedLine>): PricedLine => ({
    id: 'L',
    kind: 'labour',
    description: 'x',
    amount: 0,
    noWarranty: false,
    source: 'estimate',
    ...over,
  });

  it('plans the labour hours and the parts to order of the lines, exactly in minutes', () => {
    const work = plannedWork([
      line({ kind: 'labour', hours: 1.5 }),
      line({ kind: 'labour', hours: 0.35 }),
      line({ kind: 'part', availability: 'in_stock' }),
      line({ kind: 'part', availability: 'to_order', expectedAt: '2025-03-11T01:00:00.000Z' }),
      line({ kind: 'part', availability: 'to_order' }),
      line({ kind: 'fee', feeType: 'diagnosis' }),
    ]);
    expect(work.labourMinutes).toBe(111);
    expect(work.partsExpectedAt).toEqual([new Date('2025-03-11T01:00:00.000Z')]);
    expect(work.partsWithoutDate).toEqual([4]);
  });
});

describe('jobs are spread evenly over the teams (R-WS-2)', () => {
  const team = (teamId: string, open: number): TeamLoad => ({ teamId, teamName: `Team ${teamId}`, open });

  it.each([
    ['the team with the fewest open jobs', [team('A', 3), team('B', 1), team('C', 2)], 1, [], ['B']],
    ['the lower id among equals', [team('C', 0), team('A', 0), team('B', 0)], 1, [], ['A']],
    ['two teams for a multi-team job', [team('A', 2), team('B', 0), team('C', 1)], 2, [], ['B', 'C']],
    ['none of the teams already on the order', [team('A', 0), team('B', 1)], 1, ['A'], ['B']],
    ['nothing when there is no team', [], 1, [], []],
  ])('picks %s', (_case, teams, count, exclude, expected) => {
    expect(leastLoadedTeams(teams, count, exclude).map((t) => t.teamId)).toEqual(expected);
  });

  it('gives each of three equal teams one of three jobs in turn', () => {
    const loads = [team('A', 0), team('B', 0), team('C', 0)];
    const picked: string[] = [];
    for (let job = 0; job < 6; job++) {
      const [chosen] = leastLoadedTeams(loads);
      if (!chosen) throw new Error('no team');
      chosen.open += 1;
      picked.push(chosen.teamId);
    }
    expect(picked).toEqual(['A', 'B', 'C', 'A', 'B', 'C']);
  });
});
