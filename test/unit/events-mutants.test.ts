import { describe, expect, it } from 'vitest';
import { domainEventsOf, UnreadableChangeError } from '../../shared/events/rules';
import type { ChangeRecord } from '../../shared/platform/dynamo/stream';
import { type Image, imageStaff, orderImage } from '../support/order-images';

/**
 * Survivors of the mutation run of shared/events/rules.ts (issue 5 item 6, issue 14 item 4): an
 * item written whole (no image before) or one whose field was null before publishes its event
 * once; an unreadable change says which record and what, word for word.
 */
const staff = imageStaff;
/** A ready order (the shared image is a draft). */
const order = (extra: Image = {}): Image => orderImage({ state: 'ready', ...extra });
const change = (before: Image | undefined, after: Image): ChangeRecord => ({ id: 'R1', before, after });

describe('events of an order written whole or with nulls before (R-PKP-1)', () => {
  it.each([
    ['an order written whole with its ready time', undefined],
    ['an order whose ready time was null before', order({ readyAt: null })],
  ])('%s publishes OrderReady once', (_case, before) => {
    const events = domainEventsOf(change(before, order({ readyAt: '2026-11-29T07:00:00.000Z' })));
    expect(events.map((e) => [e.id, e.detailType])).toEqual([['R1#OrderReady', 'OrderReady']]);
  });
});

describe('an unreadable change (R-X-4, issue 5 item 6)', () => {
  it('names the record and what cannot be read, with every issue', () => {
    const error = new UnreadableChangeError('R1', 'order', ['totals: Required', 'promisedAt: Invalid']);
    expect([error.name, error.message]).toEqual([
      'UnreadableChangeError',
      'Stream record R1: order cannot be read (totals: Required; promisedAt: Invalid)',
    ]);
  });
});

const confirmation = { by: '李小姐', at: '2026-11-28T02:00:00.000Z', method: 'signature', recordedBy: staff };
const approvedAddOn = (extra: Image = {}): Image => ({
  id: 'A1',
  description: 'Front brake pads',
  price: 48_000,
  extraMinutes: 90,
  safetyRelated: true,
  raisedAt: '2026-11-28T05:00:00.000Z',
  status: 'approved',
  ...extra,
});
const letter = (status: string): Image => ({
  type: 'letter',
  id: '01JLETTER00000000000000000',
  branchId: 'SZ',
  customerId: '01JCUST0000000000000000000',
  templateId: 'pickup-notice',
  locale: 'zh-Hans',
  kind: 'transactional',
  segments: 1,
  status,
  updatedAt: '2026-11-29T07:00:05.000Z',
});
const duty = (status: string): Image => ({
  type: 'duty',
  id: '01JDUTY0000000000000000000',
  branchId: 'SZ',
  kind: 'pickup-notice',
  subject: { kind: 'order', id: '01JORDER000000000000000000' },
  status,
  attempts: 4,
  dueAt: '2026-11-29T04:00:00.000Z',
  updatedAt: '2026-11-29T04:31:00.000Z',
});
const unreadable = (record: ChangeRecord): UnreadableChangeError => {
  try {
    domainEventsOf(record);
  } catch (error) {
    if (error instanceof UnreadableChangeError) return error;
    throw error;
  }
  throw new Error('the change was read');
};

describe('events of an item written whole, or written again (R-X-1, R-X-3, R-PKP-1, R-PKP-5)', () => {
  it.each<[string, () => ChangeRecord, string[]]>([
    [
      'R-X-1: a letter written whole as sent publishes SmsSent',
      () => change(undefined, letter('sent')),
      ['SmsSent'],
    ],
    [
      'R-X-3: a duty written whole as dead publishes DutyDeadLettered at its last update',
      () => change(undefined, duty('dead')),
      ['DutyDeadLettered@2026-11-29T04:31:00.000Z'],
    ],
    [
      'R-PKP-5: an exited order written again publishes nothing',
      () => {
        const exit = { at: '2026-11-29T10:00:00.000Z' };
        return change(order({ exit }), order({ exit, version: 9 }));
      },
      [],
    ],
    [
      'R-PKP-1: ready exactly at the promised time is on time',
      () => change(order({ state: 'quality_check' }), order({ readyAt: '2026-11-29T08:00:00.000Z' })),
      ['OrderReady onTime=true'],
    ],
  ])('%s', (_case, record, expected) => {
    expect(
      domainEventsOf(record()).map((e) =>
        e.detailType === 'OrderReady'
          ? `${e.detailType} onTime=${e.detail.onTime}`
          : e.detailType === 'DutyDeadLettered'
            ? `${e.detailType}@${e.time}`
            : e.detailType,
      ),
    ).toEqual(expected);
  });

  it('R-PKP-5, R-REC-2: a declined car leaving is not repaired', () => {
    const decline = { recordedBy: staff, at: '2026-11-28T03:00:00.000Z' };
    const exit = { at: '2026-11-29T10:00:00.000Z' };
    const [event] = domainEventsOf(change(order({ decline }), order({ decline, exit })));
    expect(event?.detail).toEqual({
      eventId: 'R1#OrderExited',
      branchId: 'SZ',
      orderId: '01JORDER000000000000000000',
      customerId: '01JCUST0000000000000000000',
      vehicleId: '01JVEH00000000000000000000',
      repaired: false,
    });
  });
});

describe('add-ons answered, against an old image of an earlier version (R-ADD, issue 5 item 6)', () => {
  it.each<[string, () => unknown, string[]]>([
    ['an old image without add-ons', () => undefined, ['R1#AddOnAnswered#A1']],
    [
      'an old image whose list holds gaps and text',
      () => [null, undefined, 'legacy', { id: 'A2', status: 'pending' }],
      ['R1#AddOnAnswered#A1'],
    ],
    ['an old image where it was already approved', () => [{ id: 'A1', status: 'approved' }], []],
  ])('R-ADD: %s', (_case, addOns, ids) => {
    const before = order({ confirmation, addOns: addOns() });
    const after = order({ confirmation, addOns: [approvedAddOn()] });
    expect(domainEventsOf(change(before, after)).map((e) => e.id)).toEqual(ids);
  });

  it('R-ADD: an add-on approved without a recorded answer is dated when it was raised, with no channel', () => {
    const events = domainEventsOf(change(order({ addOns: [] }), order({ addOns: [approvedAddOn()] })));
    expect(events.map((e) => [e.time, 'channel' in e.detail])).toEqual([['2026-11-28T05:00:00.000Z', false]]);
  });
});

describe('an unreadable change names the record, the item type and each field (R-X-4)', () => {
  it.each<[string, () => ChangeRecord, string, string[]]>([
    [
      'an order whose totals lack the total',
      () => change(undefined, order({ totals: { subtotal: 1 } })),
      'order',
      ['totals.total: Invalid input: expected number, received undefined'],
    ],
    [
      'a letter without its template',
      () => change(undefined, { ...letter('sent'), templateId: undefined }),
      'letter',
      ['templateId: Invalid input: expected string, received undefined'],
    ],
    [
      'a duty without its subject’s id',
      () => change(undefined, { ...duty('dead'), subject: { kind: 'order' } }),
      'duty',
      ['subject.id: Invalid input: expected string, received undefined'],
    ],
    [
      'a confirmed order whose total is not whole minor units (the OrderConfirmed contract)',
      () => change(undefined, order({ confirmation, totals: { total: 100.5 } })),
      'OrderConfirmed',
      ['total: Invalid input: expected int, received number'],
    ],
  ])('R-X-4: %s', (_case, record, what, issues) => {
    const error = unreadable(record());
    expect([error.recordId, error.what, error.issues]).toEqual(['R1', what, issues]);
  });
});
