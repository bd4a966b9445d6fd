import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../../shared/kernel/opening-hours';
import { priceLine } from '../../shared/orders/rules/pricing';
import { checkPromise, requirePromise } from '../../shared/orders/rules/promise';
import { type LineInput, lineInput } from '../../shared/orders/schemas/lines';
import { refusal } from '../support/refusals';

/**
 * R-RO-2, R-ADD-3: what a refused promise tells the advisor, word for word: the work it waits
 * for in hours and minutes, whether it is counted in opening hours, and the branch's hours when
 * the promise falls while it is closed (mutation testing, issue 14). Shenzhen works Monday to
 * Saturday 08:30-18:00 (UTC+8); 2031-06-11 is a Wednesday.
 */
const sz: OpeningHours = {
  timeZone: 'Asia/Shanghai',
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
  open: '08:30',
  close: '18:00',
  closedDates: ['2031-06-13'],
};
const at = (day: number, hhmm: string) =>
  new Date(`2031-06-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
const priced = (input: LineInput) => priceLine(lineInput.parse(input), 'estimate');
const partToOrder = (expectedAt: Date) =>
  priced({
    kind: 'part',
    description: 'Brake pads',
    quantity: 1,
    unitPrice: 40000,
    supplier: 'shop',
    grade: 'oem',
    availability: 'to_order',
    expectedAt: expectedAt.toISOString(),
  });
const now = at(11, '10:00');

describe('the reason of a refused promise (R-RO-2)', () => {
  it.each([
    // labour hours, how the message says it
    [0, '0 min'],
    [0.5, '30 min'],
    [1, '1 h'],
    [1.5, '1 h 30 min'],
    [2.25, '2 h 15 min'],
  ])('R-RO-2: %d h of labour reads "%s"', (hours, said) => {
    const check = checkPromise({
      now,
      promisedAt: new Date(now.getTime() + 60_000),
      bufferMinutes: 30,
      labourMinutes: hours * 60,
      partsExpectedAt: [],
    });
    expect(check).toMatchObject({
      ok: false,
      reason: `The promised time has to leave 30 min after the planned work (${said} from now)`,
    });
  });

  it('R-RO-2: counted in opening hours, the reason says so', () => {
    const check = checkPromise({
      now,
      promisedAt: at(11, '11:00'),
      bufferMinutes: 30,
      labourMinutes: 90,
      partsExpectedAt: [],
      opening: sz,
    });
    expect(check).toEqual({
      ok: false,
      earliest: at(11, '12:00'),
      reason:
        'The promised time has to leave 30 min after the planned work (1 h 30 min in opening hours from now)',
    });
  });

  it.each([
    [
      'with its closed dates',
      sz,
      'open mon tue wed thu fri sat 08:30-18:00 Asia/Shanghai, closed 2031-06-13',
    ],
    [
      'without closed dates',
      { ...sz, closedDates: [] },
      'open mon tue wed thu fri sat 08:30-18:00 Asia/Shanghai',
    ],
    [
      'with no list of closed dates at all',
      { timeZone: sz.timeZone, days: sz.days, open: sz.open, close: sz.close },
      'open mon tue wed thu fri sat 08:30-18:00 Asia/Shanghai',
    ],
    [
      'with two closed dates, comma separated',
      { ...sz, closedDates: ['2031-06-13', '2031-06-14'] },
      'open mon tue wed thu fri sat 08:30-18:00 Asia/Shanghai, closed 2031-06-13, 2031-06-14',
    ],
  ])('R-RO-2: a promise while the branch is closed names its hours, %s', (_case, opening, hours) => {
    const check = checkPromise({
      now,
      promisedAt: at(11, '19:00'),
      bufferMinutes: 30,
      labourMinutes: 60,
      partsExpectedAt: [],
      opening,
    });
    expect(check).toEqual({
      ok: false,
      earliest: at(11, '11:30'),
      reason: `The branch is closed then (${hours}): a customer is never told to come while it is closed`,
    });
  });

  it('R-RO-2: a promise equal to now is refused as not in the future, even with nothing to wait for', () => {
    expect(
      checkPromise({ now, promisedAt: now, bufferMinutes: 0, labourMinutes: 0, partsExpectedAt: [] }),
    ).toEqual({
      ok: false,
      earliest: new Date(now.getTime() + 60_000),
      reason: 'The promised time has to be in the future',
    });
    expect(
      checkPromise({
        now,
        promisedAt: new Date(now.getTime() + 1),
        bufferMinutes: 0,
        labourMinutes: 0,
        partsExpectedAt: [],
      }),
    ).toEqual({ ok: true, earliest: new Date(now.getTime() + 60_000) });
  });

  it('R-RO-2: a part arriving before now is not waited for', () => {
    const check = checkPromise({
      now,
      promisedAt: new Date(now.getTime() + 30 * 60_000),
      bufferMinutes: 30,
      labourMinutes: 0,
      partsExpectedAt: [at(10, '10:00')],
    });
    expect(check).toEqual({ ok: true, earliest: new Date(now.getTime() + 30 * 60_000) });
  });
});

describe("the reason of an add-on's refused delay (R-ADD-3, R-RO-2)", () => {
  it('R-RO-2: a delay ending while the branch is closed says the delay counted in opening hours', () => {
    const error = refusal(() =>
      requirePromise({
        lines: [],
        promisedAt: at(11, '17:00').toISOString(),
        now: now.toISOString(),
        bufferMinutes: 30,
        occasion: { kind: 'addOn', extraMinutes: 120 },
        opening: sz,
      }),
    );
    expect(error.message).toBe(
      `extraMinutes 120 moves the promise to ${at(11, '19:00').toISOString()}, when the branch is closed (open mon tue wed thu fri sat 08:30-18:00 Asia/Shanghai, closed 2031-06-13); counted in opening hours the delay ends at ${at(12, '09:30').toISOString()}: tell the customer extraMinutes 990`,
    );
  });

  it('R-ADD-3: a delay before the parts can be fitted says how many minutes to tell the customer at least', () => {
    // Promised 12:00; the add-on's part arrives 14:00, so 14:30 with the buffer: 150 minutes at least.
    const error = refusal(() =>
      requirePromise({
        lines: [partToOrder(at(11, '14:00'))],
        promisedAt: at(11, '12:00').toISOString(),
        now: now.toISOString(),
        bufferMinutes: 30,
        occasion: { kind: 'addOn', extraMinutes: 60 },
      }),
    );
    expect(error.extensions).toMatchObject({ rule: 'R-ADD-3' });
    expect(error.message).toBe(
      `extraMinutes 60 moves the promise before the parts can be fitted: The promised time has to leave 30 min after the planned work (0 min from now) and after the last part to order arrives (${at(11, '14:00').toISOString()}); tell the customer at least 150 minutes`,
    );
  });

  it.each([
    ['R-ADD-3: a delay that leaves the buffer after the part is kept', 150, false],
    ['R-ADD-3: a minute less is refused', 149, true],
  ])('%s', (_case, extraMinutes, refused) => {
    const act = () =>
      requirePromise({
        lines: [partToOrder(at(11, '14:00'))],
        promisedAt: at(11, '12:00').toISOString(),
        now: now.toISOString(),
        bufferMinutes: 30,
        occasion: { kind: 'addOn', extraMinutes },
        opening: sz,
      });
    if (refused) expect(act).toThrow();
    else expect(act).not.toThrow();
  });
});

describe('an add-on without parts to order (R-ADD-3)', () => {
  it('R-ADD-3: its delay is the one the customer agreed to: kept even when it leaves less than the buffer from now', () => {
    const labour = priced({ kind: 'labour', description: 'Wipers', hours: 0.25, rate: 10_000 });
    expect(() =>
      requirePromise({
        lines: [labour],
        promisedAt: new Date(now.getTime() + 5 * 60_000).toISOString(),
        now: now.toISOString(),
        bufferMinutes: 30,
        occasion: { kind: 'addOn', extraMinutes: 15 },
      }),
    ).not.toThrow();
  });
});
