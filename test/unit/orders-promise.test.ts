import { describe, expect, it } from 'vitest';
import { RuleViolationError, ValidationError } from '../../shared/kernel/errors';
import { defaultPolicy } from '../../shared/kernel/policy';
import { priceLine } from '../../shared/orders/rules/pricing';
import {
  movedPromise,
  newOrderPromise,
  type PromiseOccasion,
  requirePromise,
} from '../../shared/orders/rules/promise';
import { type LineInput, lineInput, type PricedLine } from '../../shared/orders/schemas/lines';
import { refusal } from '../support/refusals';

const now = Date.parse('2031-06-11T02:10:00Z');
const iso = (minutesFromNow: number) => new Date(now + minutesFromNow * 60_000).toISOString();
const nowIso = iso(0);
const buffer = defaultPolicy.order.promiseBufferMinutes; // 30

const priced = (input: LineInput) => priceLine(lineInput.parse(input), 'estimate');
const labour = (hours: number) => priced({ kind: 'labour', description: 'Brake job', hours, rate: 30000 });
const partToOrder = (arrivesInMinutes?: number) =>
  priced({
    kind: 'part',
    description: 'Brake pads',
    quantity: 1,
    unitPrice: 40000,
    supplier: 'shop',
    grade: 'oem',
    availability: 'to_order',
    ...(arrivesInMinutes === undefined ? {} : { expectedAt: iso(arrivesInMinutes) }),
  });
const partInStock = () =>
  priced({ kind: 'part', description: 'Oil', quantity: 1, unitPrice: 9000, supplier: 'shop', grade: 'oem' });

const judge = (
  lines: PricedLine[],
  promiseInMinutes: number,
  occasion: PromiseOccasion = { kind: 'order' },
) =>
  requirePromise({ lines, promisedAt: iso(promiseInMinutes), now: nowIso, bufferMinutes: buffer, occasion });

describe('the one promise rule of an order (R-RO-2)', () => {
  it.each([
    // case, lines, promise (minutes from now), earliest promise (minutes from now) or null when kept
    ['R-RO-2: a promise equal to now is refused', [], 0, buffer],
    ['R-RO-2: a promise in the past is refused', [], -5, buffer],
    ['R-RO-2: the buffer alone after no work is kept', [], buffer, null],
    ['R-RO-2: one minute short of the buffer is refused', [], buffer - 1, buffer],
    ['R-RO-2: 2 h of labour and the buffer are kept', [labour(2)], 150, null],
    ['R-RO-2: 2 h of labour without the buffer is refused', [labour(2)], 120, 150],
    ['R-RO-2: a part in stock adds nothing to wait for', [partInStock()], buffer, null],
    [
      'R-RO-2: a part arriving after the labour ends sets the earliest promise',
      [labour(1), partToOrder(240)],
      250,
      270,
    ],
    ['R-RO-2: the buffer after the last part is kept', [labour(1), partToOrder(240)], 270, null],
    ['R-RO-2: the latest of several parts counts', [partToOrder(60), partToOrder(600)], 629, 630],
  ])('%s', (_case, lines, promise, earliest) => {
    if (earliest === null) {
      expect(() => judge(lines, promise)).not.toThrow();
      return;
    }
    const error = refusal(() => judge(lines, promise));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.status).toBe(422);
    expect(error.extensions).toMatchObject({ rule: 'R-RO-2', earliestPromise: iso(earliest) });
    expect(error.message.startsWith(`promisedAt ${iso(promise)}: The promised time has to `)).toBe(true);
    expect(error.message.endsWith(`; the earliest promise possible is ${iso(earliest)} (R-RO-2)`)).toBe(true);
    expect(error.message.includes('has to be in the future')).toBe(promise <= 0);
  });

  it('R-RO-2: says what the promise has to wait for and the earliest promise possible', () => {
    const error = refusal(() => judge([labour(1.5), partToOrder(240)], 60));
    expect(error.message).toBe(
      `promisedAt ${iso(60)}: The promised time has to leave 30 min after the planned work (1 h 30 min from now) and after the last part to order arrives (${iso(240)}); the earliest promise possible is ${iso(270)} (R-RO-2)`,
    );
  });

  it('R-RO-2: a part to order without its expected arrival cannot be promised around (422 naming the lines)', () => {
    const error = refusal(() => judge([labour(1), partToOrder(), partToOrder(60), partToOrder()], 600));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.message).toBe(
      'Line(s) 1, 3 are parts to order without expectedAt; the promise has to consider when they arrive (R-RO-2)',
    );
    expect(error.extensions).toEqual({ rule: 'R-RO-2' });
  });

  it('R-RO-2: once work is under way a part to order still needs its expected arrival', () => {
    const error = refusal(() => judge([partToOrder()], 600, { kind: 'order', workStarted: true }));
    expect(error.extensions).toEqual({ rule: 'R-RO-2' });
  });

  it.each([
    // case, lines, promise, kept
    ['R-RO-2: once work is under way the labour no longer counts', [labour(8)], buffer, true],
    ['R-RO-2: once work is under way the parts no longer count', [partToOrder(600)], buffer, true],
    ['R-RO-2: once work is under way the buffer from now still counts', [labour(8)], buffer - 1, false],
    ['R-RO-2: once work is under way a promise equal to now is refused', [], 0, false],
  ])('%s', (_case, lines, promise, kept) => {
    const act = () => judge(lines, promise, { kind: 'order', workStarted: true });
    if (kept) expect(act).not.toThrow();
    else expect(refusal(act).extensions).toMatchObject({ rule: 'R-RO-2', earliestPromise: iso(buffer) });
  });
});

describe("an add-on's delay moves the promise past its parts (R-RO-2, R-ADD-3)", () => {
  // The order is promised in 60 minutes; the add-on's delay moves that promise.
  const addOn = (lines: PricedLine[], extraMinutes: number) =>
    requirePromise({
      lines,
      promisedAt: iso(60),
      now: nowIso,
      bufferMinutes: buffer,
      occasion: { kind: 'addOn', extraMinutes },
    });

  it.each([
    // case, lines, extra minutes, minutes the customer has to be told at least (null: kept)
    ['R-ADD-3: an add-on without parts to order is its own delay', [labour(5)], 0, null],
    ['R-ADD-3: the moved promise leaves the buffer after the part', [partToOrder(120)], 90, null],
    ['R-ADD-3: a delay short of the part and the buffer is refused', [partToOrder(120)], 89, 90],
    [
      'R-ADD-3: a part already in before the promise needs no delay but the buffer',
      [partToOrder(10)],
      0,
      null,
    ],
    [
      'R-ADD-3: a part arriving late needs the delay up to its arrival and the buffer',
      [partToOrder(600)],
      60,
      570,
    ],
  ])('%s', (_case, lines, extraMinutes, needed) => {
    if (needed === null) {
      expect(() => addOn(lines, extraMinutes)).not.toThrow();
      return;
    }
    const error = refusal(() => addOn(lines, extraMinutes));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.extensions).toEqual({ rule: 'R-ADD-3' });
    expect(error.message).toMatch(
      new RegExp(
        `^extraMinutes ${extraMinutes} moves the promise before the parts can be fitted: .*; tell the customer at least ${needed} minutes$`,
      ),
    );
  });

  it('R-RO-2: a part to order of an add-on without its expected arrival is a 400 naming the line', () => {
    const error = refusal(() => addOn([labour(1), partToOrder(), partToOrder()], 600));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.extensions.errors).toEqual([
      {
        path: 'body.lines.1.expectedAt',
        message: 'A part to order needs its expected arrival: the promise moves with it (R-RO-2)',
      },
      {
        path: 'body.lines.2.expectedAt',
        message: 'A part to order needs its expected arrival: the promise moves with it (R-RO-2)',
      },
    ]);
  });
});

describe('the promise of a new order and a promise moved by hand (R-RO-1, R-RO-2, R-REC-2)', () => {
  it.each([
    // case, estimate status, promise (minutes from now), kept
    ['R-RO-2: an accepted estimate is held to the promise rule', 'accepted', 60, false],
    ['R-RO-2: an accepted estimate with the buffer after its work is kept', 'accepted', 150, true],
    ['R-REC-2: the order of a declined estimate bills a fee only: no promise to keep', 'declined', -60, true],
  ])('%s', (_case, status, promise, kept) => {
    const act = () =>
      newOrderPromise({
        estimate: { status, lines: [labour(2)] },
        promisedAt: iso(promise),
        now: nowIso,
        bufferMinutes: buffer,
      });
    if (kept) expect(act()).toBe(iso(promise));
    else expect(refusal(act).extensions).toMatchObject({ rule: 'R-RO-2', earliestPromise: iso(150) });
  });

  it('R-RO-2: a promise given with an offset is stored in UTC', () => {
    const promise = newOrderPromise({
      estimate: { status: 'accepted', lines: [] },
      promisedAt: '2031-06-11T18:00:00+08:00',
      now: nowIso,
      bufferMinutes: buffer,
    });
    expect(promise).toBe('2031-06-11T10:00:00.000Z');
  });

  it.each([
    // case, state, promise (minutes from now), kept
    ['R-RO-2: before the workshop the planned labour still counts', 'confirmed', 60, false],
    ['R-RO-2: in the workshop only the buffer from now counts', 'in_workshop', 60, true],
    ['R-RO-2: in the inspection queue only the buffer from now counts', 'quality_check', buffer, true],
    ['R-RO-2: a moved promise equal to now is refused', 'in_workshop', 0, false],
  ])('%s', (_case, state, promise, kept) => {
    const act = () =>
      movedPromise({
        order: { state, promisedAt: iso(300), lines: [labour(2)] },
        requested: iso(promise),
        now: nowIso,
        bufferMinutes: buffer,
      });
    if (kept) expect(act()).toBe(iso(promise));
    else expect(refusal(act).extensions).toMatchObject({ rule: 'R-RO-2' });
  });

  it('R-RO-2: moving the promise to the time already promised is a 400', () => {
    const error = refusal(() =>
      movedPromise({
        order: { state: 'in_workshop', promisedAt: iso(300), lines: [] },
        requested: '2031-06-11T15:10:00+08:00',
        now: nowIso,
        bufferMinutes: buffer,
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.extensions.errors).toEqual([
      { path: 'body.promisedAt', message: 'This is already the promised time' },
    ]);
  });
});
