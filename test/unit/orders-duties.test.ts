import { describe, expect, it } from 'vitest';
import { policyFor } from '../../shared/kernel/policy';
import { orderDutyCompletions } from '../../shared/orders/duties/performers';
import {
  checkEscalationDueAt,
  delayStates,
  finishesLate,
  inspectionAssignment,
  orderDutyTimes,
  type QuietSettings,
} from '../../shared/orders/rules/duties';
import { orderStates } from '../../shared/orders/rules/state-machine';
import { progressCheckAnswer } from '../../shared/orders/schemas/duties';
import type { Store } from '../../shared/platform/dynamo/client';
import type { StaffMember } from '../../shared/staff/schemas';

const policy = policyFor();
// Shenzhen: 21:00-08:00 local is 13:00-00:00 UTC.
const shenzhen: QuietSettings = { quietHours: { start: '21:00', end: '08:00' }, timeZone: 'Asia/Shanghai' };

describe("the times of an order's duties (R-PKP-2, R-PRG-1)", () => {
  it.each([
    // case, workshop start, promise, notice due, progress check open, progress check due
    [
      'R-PKP-2: a 1-day job is noticed 1 h ahead; R-PRG-1: its check opens at 70 % and is due at 80 %',
      '2026-11-02T01:00:00.000Z',
      '2026-11-03T01:00:00.000Z',
      '2026-11-03T00:00:00.000Z',
      '2026-11-02T17:48:00.000Z',
      '2026-11-02T20:12:00.000Z',
    ],
    [
      'R-PKP-2: a 3-day job is noticed 4 h ahead; R-PRG-1: 70 % and 80 % of 72 h',
      '2026-11-02T01:00:00.000Z',
      '2026-11-05T01:00:00.000Z',
      '2026-11-04T21:00:00.000Z',
      '2026-11-04T03:24:00.000Z',
      '2026-11-04T10:36:00.000Z',
    ],
  ])('%s', (_case, start, promise, noticeAt, checkOpenAt, checkDueAt) => {
    expect(orderDutyTimes(start, promise, policy)).toEqual({
      pickupNotice: { openAt: noticeAt, dueAt: noticeAt, fireAt: noticeAt },
      progressCheck: { openAt: checkOpenAt, dueAt: checkDueAt, fireAt: checkDueAt },
    });
  });

  it.each([
    // case, workshop start, promise, notice due (lead time), notice fires
    [
      'R-PKP-2, R-X-1: a lead time out of quiet hours fires at the lead time',
      '2026-11-02T01:00:00.000Z',
      '2026-11-03T01:00:00.000Z',
      '2026-11-03T00:00:00.000Z',
      '2026-11-03T00:00:00.000Z',
    ],
    [
      'R-PKP-2, R-X-1: a lead time in quiet hours fires when they end (06:00 → 08:00 local)',
      '2026-11-02T02:00:00.000Z',
      '2026-11-04T02:00:00.000Z',
      '2026-11-03T22:00:00.000Z',
      '2026-11-04T00:00:00.000Z',
    ],
    [
      'R-PKP-2, R-X-1: a promise inside quiet hours is noticed the evening before (20:30 local)',
      '2026-11-02T23:30:00.000Z',
      '2026-11-03T23:30:00.000Z',
      '2026-11-03T22:30:00.000Z',
      '2026-11-03T12:30:00.000Z',
    ],
  ])('%s', (_case, start, promise, dueAt, fireAt) => {
    const times = orderDutyTimes(start, promise, policy, shenzhen, new Date(start));
    expect(times.pickupNotice).toEqual({ openAt: dueAt, dueAt, fireAt });
  });
});

const member = (id: string, role: 'inspector' | 'supervisor', status: StaffMember['status'] = 'regular') =>
  ({ id, login: id.toLowerCase(), name: `Staff ${id}`, roles: [role], status }) satisfies StaffMember;

describe('who inspects a finished car, and by when (R-WS-4)', () => {
  const at = '2031-06-11T02:10:00.000Z';

  it.each([
    ['R-WS-4: the one active inspector', [member('I1', 'inspector'), member('S1', 'supervisor')], 'I1'],
    [
      'R-WS-4: a suspended or departed inspector is passed over',
      [member('I1', 'inspector', 'suspended'), member('I2', 'inspector', 'left'), member('I3', 'inspector')],
      'I3',
    ],
    [
      'R-WS-4: a supervisor when the branch has no active inspector',
      [member('I1', 'inspector', 'left'), member('S1', 'supervisor')],
      'S1',
    ],
  ])('%s', (_case, members, expected) => {
    expect(inspectionAssignment(members, 'ORDER-1', at, 120)?.inspector.id).toBe(expected);
  });

  it('R-WS-4: nobody to tell when the branch has neither inspector nor supervisor', () => {
    expect(inspectionAssignment([member('S1', 'supervisor', 'left')], 'ORDER-1', at, 120)).toBeUndefined();
  });

  it.each([
    ['R-WS-4, R-QC-3: the policy record limit of 120 min', 120, '2031-06-11T04:10:00.000Z'],
    ['R-WS-4, R-QC-3: a branch limit of 45 min', 45, '2031-06-11T02:55:00.000Z'],
  ])('%s sets the due time', (_case, minutes, dueAt) => {
    expect(inspectionAssignment([member('I1', 'inspector')], 'ORDER-1', at, minutes)?.dueAt).toBe(dueAt);
  });

  it.each([['ORDER-1'], ['ORDER-2'], ['ORDER-3'], ['01JXYZ0000000000000000ABCD']])(
    'R-WS-4: order %s goes to the same inspector whatever order the staff list comes in',
    (orderId) => {
      const inspectors = ['I1', 'I2', 'I3'].map((id) => member(id, 'inspector'));
      const chosen = inspectionAssignment(inspectors, orderId, at, 120)?.inspector.id;
      expect(inspectionAssignment(inspectors.toReversed(), orderId, at, 120)?.inspector.id).toBe(chosen);
      expect(
        inspectionAssignment(
          [inspectors[1], inspectors[2], inspectors[0]].filter((m) => m !== undefined),
          orderId,
          at,
          120,
        )?.inspector.id,
      ).toBe(chosen);
    },
  );

  it('R-WS-4: the orders of a branch spread over its inspectors', () => {
    const inspectors = ['I1', 'I2', 'I3'].map((id) => member(id, 'inspector'));
    const chosen = new Set(
      Array.from(
        { length: 30 },
        (_, i) => inspectionAssignment(inspectors, `ORDER-${i}`, at, 120)?.inspector.id,
      ),
    );
    expect(chosen).toEqual(new Set(['I1', 'I2', 'I3']));
  });
});

describe('the answer to a progress check (R-PRG-2)', () => {
  const promisedAt = '2026-11-03T01:00:00.000Z';

  it.each([
    ['R-PRG-2: no expected finish is not late', undefined, false],
    ['R-PRG-2: a finish before the promise is not late', '2026-11-03T00:59:00.000Z', false],
    ['R-PRG-2: a finish at the promise is not late', '2026-11-03T01:00:00.000Z', false],
    ['R-PRG-2: a finish after the promise is late', '2026-11-03T01:01:00.000Z', true],
    ['R-PRG-2: a finish with an offset is compared as an instant', '2026-11-03T09:30:00+08:00', true],
  ])('%s', (_case, expectedFinish, late) => {
    expect(finishesLate(expectedFinish, promisedAt)).toBe(late);
  });

  it.each(
    orderStates.map((state) => [state, ['in_workshop', 'awaiting_addon', 'quality_check'].includes(state)]),
  )('R-PRG-2: in state %s a delay still means something: %s', (state, expected) => {
    expect(delayStates.includes(state)).toBe(expected);
  });

  it.each([
    [
      'R-PRG-2: a full answer',
      {
        expectedFinish: '2026-11-03T03:00:00.000Z',
        anomaly: 'Part missing',
        note: 'x',
        customerReason: 'a part is late',
      },
      true,
    ],
    ['R-PRG-2: an empty answer (on time, nothing wrong)', {}, true],
    ['R-PRG-2: a misspelt field is refused', { anomally: 'Part missing' }, false],
    ['R-PRG-2: a blank anomaly is refused', { anomaly: '   ' }, false],
    ['R-PRG-2: a customer reason over 60 characters is refused', { customerReason: 'x'.repeat(61) }, false],
    ['R-PRG-2: an expected finish that is no time is refused', { expectedFinish: 'tomorrow' }, false],
  ])('%s', (_case, answer, valid) => {
    expect(progressCheckAnswer.safeParse(answer).success).toBe(valid);
  });
});

describe('the escalation of an unanswered progress check (R-PRG-1)', () => {
  const order = { workshopStartAt: '2026-11-02T01:00:00.000Z', promisedAt: '2026-11-03T01:00:00.000Z' };

  it.each([
    ['R-PRG-1: due before the pickup notice', order, '2026-11-02T20:12:00.000Z', '2026-11-03T00:00:00.000Z'],
    [
      'R-PRG-1: due now when the notice time has passed',
      order,
      '2026-11-03T00:30:00.000Z',
      '2026-11-03T00:30:00.000Z',
    ],
    [
      'R-PRG-1: due now for an order not on file',
      undefined,
      '2026-11-02T20:12:00.000Z',
      '2026-11-02T20:12:00.000Z',
    ],
    [
      'R-PRG-1: due now for an order not in the workshop',
      { promisedAt: order.promisedAt },
      '2026-11-02T20:12:00.000Z',
      '2026-11-02T20:12:00.000Z',
    ],
  ])('%s', (_case, subject, now, dueAt) => {
    expect(checkEscalationDueAt(subject, new Date(now), policy).toISOString()).toBe(dueAt);
  });
});

describe('how a person completes an inspection duty (R-QC-3)', () => {
  it('R-WS-4, R-QC-3: by filing the inspection, not through the generic completion', () => {
    const store = { tableName: 'unused' } as unknown as Store;
    expect(orderDutyCompletions(store).inspection).toMatchObject({
      rule: 'R-QC-3',
      elsewhere: expect.stringContaining('passInspection'),
    });
  });
});
