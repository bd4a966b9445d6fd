import { describe, expect, it } from 'vitest';
import { domainEventsOf, UnreadableChangeError } from '../../shared/events/rules';
import { type DomainEvent, detailTypes, eventDetails } from '../../shared/events/schemas';
import type { ChangeRecord } from '../../shared/platform/dynamo/stream';
import { type Image, imageStaff, orderImage } from '../support/order-images';

/**
 * Issue 5 item 6 (R-RPT): which domain events one stream record means. Images are unmarshalled
 * items as the stream carries them (keys and PII included), so the tests also prove what does
 * not leave the service.
 */
const recordId = 'c2a1f0e4b5d6a7b8c9d0e1f2a3b4c5d6';
const change = (before: Image | undefined, after: Image | undefined, id = recordId): ChangeRecord => ({
  id,
  before,
  after,
});

const staff = imageStaff;
const order = orderImage;

const confirmation = { by: '李小姐', at: '2026-11-28T02:00:00.000Z', method: 'signature', recordedBy: staff };

const addOn = (id: string, extra: Image = {}): Image => ({
  id,
  description: 'Front brake pads',
  reason: 'Worn below 2 mm',
  lines: [],
  price: 48_000,
  extraMinutes: 90,
  safetyRelated: true,
  raisedBy: staff,
  raisedAt: '2026-11-28T05:00:00.000Z',
  status: 'pending',
  ...extra,
});

const answer = (decision: 'approved' | 'declined') => ({
  decision,
  customerContactedAt: '2026-11-28T06:15:00.000Z',
  channel: 'phone',
  recordedBy: staff,
  workshopToldAt: '2026-11-28T06:20:00.000Z',
  workshopToldWho: '王師傅',
});

const settlement = {
  lines: [],
  totals: { total: 100_000 },
  discount: 5_000,
  deposit: 10_000,
  amountDue: 85_000,
  paid: 25_000,
  outstanding: 60_000,
  currency: 'CNY',
  issuedBy: staff,
  issuedAt: '2026-11-29T06:00:00.000Z',
};

const exit = {
  documentsHandedOver: ['exit_notice', 'settlement'],
  customerConfirmedBy: '李小姐',
  belongingsChecked: true,
  warranty: { until: '2027-02-28T10:00:00.000Z', excludes: [] },
  nextMaintenanceDate: '2027-05-29',
  recordedBy: staff,
  at: '2026-11-29T10:00:00.000Z',
};

const letter = (status: string, extra: Image = {}): Image => ({
  pk: 'BR#SZ#CUS#01JCUST0000000000000000000',
  sk: 'LETTER#2026-11-29T07:00:00.000Z#01JLETTER00000000000000000',
  type: 'letter',
  id: '01JLETTER00000000000000000',
  branchId: 'SZ',
  customerId: '01JCUST0000000000000000000',
  to: '+8613800138000',
  text: '【快修连锁】李小姐，您的爱车 粤B12345 已完工，欢迎取车。',
  templateId: 'pickup-notice',
  locale: 'zh-Hans',
  kind: 'transactional',
  segments: 1,
  encoding: 'UCS-2',
  status,
  subject: { kind: 'order', id: '01JORDER000000000000000000' },
  attempts: 0,
  version: 1,
  updatedAt: '2026-11-29T07:00:05.000Z',
  ...extra,
});

const duty = (status: string, extra: Image = {}): Image => ({
  pk: 'BR#SZ#DUTY#01JDUTY0000000000000000000',
  sk: 'DUTY',
  type: 'duty',
  id: '01JDUTY0000000000000000000',
  kind: 'pickup-notice',
  subject: { kind: 'order', id: '01JORDER000000000000000000' },
  branchId: 'SZ',
  openAt: '2026-11-29T04:00:00.000Z',
  dueAt: '2026-11-29T04:00:00.000Z',
  fireAt: '2026-11-29T04:00:00.000Z',
  status,
  attempts: 4,
  payload: { phone: '+8613800138000' },
  lastError: 'InvalidParameter: +8613800138000 is not reachable',
  version: 6,
  createdAt: '2026-11-28T02:00:00.000Z',
  updatedAt: '2026-11-29T04:31:00.000Z',
  ...extra,
});

const id = (detailType: string, part?: string) => [recordId, detailType, ...(part ? [part] : [])].join('#');

describe('domain events of one change (issue 5 item 6)', () => {
  it.each<[string, ChangeRecord, DomainEvent[]]>([
    [
      'the customer’s confirmation publishes OrderConfirmed at the time they signed (R-RO-1)',
      change(order(), order({ state: 'confirmed', confirmation })),
      [
        {
          id: id('OrderConfirmed'),
          detailType: 'OrderConfirmed',
          time: '2026-11-28T02:00:00.000Z',
          detail: {
            eventId: id('OrderConfirmed'),
            branchId: 'SZ',
            orderId: '01JORDER000000000000000000',
            customerId: '01JCUST0000000000000000000',
            vehicleId: '01JVEH00000000000000000000',
            promisedAt: '2026-11-29T08:00:00.000Z',
            repairCategory: 'repair',
            vehicleType: 'car',
            total: 100_000,
            currency: 'CNY',
          },
        },
      ],
    ],
    [
      'an approved add-on publishes AddOnAnswered at the time the customer was reached (R-ADD)',
      change(
        order({ confirmation, addOns: [addOn('A1')] }),
        order({ confirmation, addOns: [addOn('A1', { status: 'approved', answer: answer('approved') })] }),
      ),
      [
        {
          id: id('AddOnAnswered', 'A1'),
          detailType: 'AddOnAnswered',
          time: '2026-11-28T06:15:00.000Z',
          detail: {
            eventId: id('AddOnAnswered', 'A1'),
            branchId: 'SZ',
            orderId: '01JORDER000000000000000000',
            addOnId: 'A1',
            decision: 'approved',
            price: 48_000,
            currency: 'CNY',
            safetyRelated: true,
            extraMinutes: 90,
            channel: 'phone',
          },
        },
      ],
    ],
    [
      'a declined add-on publishes AddOnAnswered with decision declined, one event per item answered',
      change(
        order({ addOns: [addOn('A1', { status: 'approved', answer: answer('approved') }), addOn('A2')] }),
        order({
          addOns: [
            addOn('A1', { status: 'approved', answer: answer('approved') }),
            addOn('A2', { status: 'declined', answer: answer('declined') }),
          ],
        }),
      ),
      [
        expect.objectContaining({
          id: id('AddOnAnswered', 'A2'),
          detail: expect.objectContaining({ addOnId: 'A2', decision: 'declined' }),
        }),
      ],
    ],
    [
      'passing inspection before the promise publishes OrderReady on time (R-PKP-1)',
      change(
        order({ state: 'quality_check' }),
        order({ state: 'ready', readyAt: '2026-11-29T07:45:00.000Z' }),
      ),
      [
        {
          id: id('OrderReady'),
          detailType: 'OrderReady',
          time: '2026-11-29T07:45:00.000Z',
          detail: {
            eventId: id('OrderReady'),
            branchId: 'SZ',
            orderId: '01JORDER000000000000000000',
            promisedAt: '2026-11-29T08:00:00.000Z',
            onTime: true,
          },
        },
      ],
    ],
    [
      'ready after the promise publishes OrderReady late',
      change(
        order({ state: 'quality_check' }),
        order({ state: 'ready', readyAt: '2026-11-29T08:01:00.000Z' }),
      ),
      [expect.objectContaining({ detail: expect.objectContaining({ onTime: false }) })],
    ],
    [
      'the bill publishes OrderSettled with the receivable at that moment (R-PKP-4)',
      change(order({ state: 'ready' }), order({ state: 'settled', settlement })),
      [
        {
          id: id('OrderSettled'),
          detailType: 'OrderSettled',
          time: '2026-11-29T06:00:00.000Z',
          detail: {
            eventId: id('OrderSettled'),
            branchId: 'SZ',
            orderId: '01JORDER000000000000000000',
            customerId: '01JCUST0000000000000000000',
            declined: false,
            currency: 'CNY',
            total: 100_000,
            discount: 5_000,
            deposit: 10_000,
            amountDue: 85_000,
            paid: 25_000,
            outstanding: 60_000,
          },
        },
      ],
    ],
    [
      'the fees bill of a declined order publishes OrderSettled declined (R-REC-2)',
      change(
        order({ state: 'declined', decline: { recordedBy: staff, at: '2026-11-28T03:00:00.000Z' } }),
        order({
          state: 'settled',
          decline: { recordedBy: staff, at: '2026-11-28T03:00:00.000Z' },
          settlement,
        }),
      ),
      [
        expect.objectContaining({
          detailType: 'OrderSettled',
          detail: expect.objectContaining({ declined: true }),
        }),
      ],
    ],
    [
      'the exit publishes OrderExited with the warranty and next maintenance date (R-PKP-5)',
      change(order({ state: 'settled', settlement }), order({ state: 'exited', settlement, exit })),
      [
        {
          id: id('OrderExited'),
          detailType: 'OrderExited',
          time: '2026-11-29T10:00:00.000Z',
          detail: {
            eventId: id('OrderExited'),
            branchId: 'SZ',
            orderId: '01JORDER000000000000000000',
            customerId: '01JCUST0000000000000000000',
            vehicleId: '01JVEH00000000000000000000',
            repaired: true,
            warrantyUntil: '2027-02-28T10:00:00.000Z',
            nextMaintenanceDate: '2027-05-29',
          },
        },
      ],
    ],
    [
      'a declined car leaving publishes OrderExited not repaired, without a next maintenance date',
      change(
        order({
          state: 'settled',
          decline: { recordedBy: staff, at: '2026-11-28T03:00:00.000Z' },
          settlement,
        }),
        order({
          state: 'exited',
          decline: { recordedBy: staff, at: '2026-11-28T03:00:00.000Z' },
          settlement,
          exit: { ...exit, nextMaintenanceDate: undefined },
        }),
      ),
      [
        expect.objectContaining({
          detailType: 'OrderExited',
          detail: expect.not.objectContaining({ nextMaintenanceDate: expect.anything() }),
        }),
      ],
    ],
    [
      'a letter the provider accepted publishes SmsSent with neither number nor text (R-X-1)',
      change(letter('queued'), letter('sent', { providerMessageId: 'sns-1', version: 2 })),
      [
        {
          id: id('SmsSent'),
          detailType: 'SmsSent',
          time: '2026-11-29T07:00:05.000Z',
          detail: {
            eventId: id('SmsSent'),
            branchId: 'SZ',
            letterId: '01JLETTER00000000000000000',
            customerId: '01JCUST0000000000000000000',
            templateId: 'pickup-notice',
            locale: 'zh-Hans',
            kind: 'transactional',
            segments: 1,
            subject: { kind: 'order', id: '01JORDER000000000000000000' },
          },
        },
      ],
    ],
    [
      'a duty that failed its last attempt publishes DutyDeadLettered at its deadAt, without its error (R-X-3)',
      change(
        duty('claimed', { attempts: 3 }),
        duty('dead', { deadAt: '2026-11-29T04:30:00.000Z', assignee: 'S7' }),
      ),
      [
        {
          id: id('DutyDeadLettered'),
          detailType: 'DutyDeadLettered',
          time: '2026-11-29T04:30:00.000Z',
          detail: {
            eventId: id('DutyDeadLettered'),
            branchId: 'SZ',
            dutyId: '01JDUTY0000000000000000000',
            kind: 'pickup-notice',
            subject: { kind: 'order', id: '01JORDER000000000000000000' },
            attempts: 4,
            dueAt: '2026-11-29T04:00:00.000Z',
            assignee: 'S7',
          },
        },
      ],
    ],
  ])('%s', (_, record, expected) => {
    expect(domainEventsOf(record)).toEqual(expected);
  });

  it.each<[string, ChangeRecord]>([
    ['a new draft order', change(undefined, order())],
    [
      'a confirmed order changing again (the handover)',
      change(order({ confirmation }), order({ confirmation, handover: {} })),
    ],
    ['an add-on raised, not answered yet', change(order(), order({ addOns: [addOn('A1')] }))],
    [
      'a payment after the settlement',
      change(order({ settlement }), order({ settlement: { ...settlement, paid: 85_000, outstanding: 0 } })),
    ],
    ['a sent letter written again', change(letter('sent'), letter('sent', { version: 3 }))],
    ['a letter the provider refused', change(letter('queued'), letter('failed'))],
    ['a letter deferred to the end of quiet hours', change(letter('queued'), letter('deferred'))],
    ['a duty done', change(duty('claimed'), duty('done'))],
    ['a dead duty written again', change(duty('dead'), duty('dead', { version: 7 }))],
    [
      'a change-log entry',
      change(undefined, { pk: 'BR#SZ#ORD#X', sk: 'LOG#2026', type: 'log', action: 'order.confirmed' }),
    ],
    [
      'an expired idempotency key removed by TTL',
      change({ pk: 'BR#SZ#IDEM#k', sk: 'IDEM', type: 'idempotency' }, undefined),
    ],
    ['a removed order', change(order({ confirmation }), undefined)],
    ['an item without a type', change(undefined, { pk: 'X', sk: 'Y' })],
  ])('publishes nothing for %s', (_, record) => {
    expect(domainEventsOf(record)).toEqual([]);
  });

  it('gives a redelivered record the same event ids, and another record other ids', () => {
    const before = order({ state: 'ready' });
    const after = order({ state: 'settled', settlement });

    const first = domainEventsOf(change(before, after, 'record-1'));
    const again = domainEventsOf(change(before, after, 'record-1'));
    const other = domainEventsOf(change(before, after, 'record-2'));

    expect(again).toEqual(first);
    expect(first.map((e) => e.id)).toEqual(['record-1#OrderSettled']);
    expect(other.map((e) => e.id)).toEqual(['record-2#OrderSettled']);
  });

  it('orders the events of one change by their business time', () => {
    const events = domainEventsOf(
      change(
        order({ state: 'quality_check' }),
        order({ state: 'exited', readyAt: '2026-11-29T07:45:00.000Z', settlement, exit }),
      ),
    );
    expect(events.map((e) => e.detailType)).toEqual(['OrderSettled', 'OrderReady', 'OrderExited']);
  });

  it('lets no phone number, name, plate or SMS text out, and fits every event to its strict schema', () => {
    const records = [
      change(order(), order({ confirmation, readyAt: '2026-11-29T07:45:00.000Z', settlement, exit })),
      change(
        order({ addOns: [addOn('A1')] }),
        order({ addOns: [addOn('A1', { status: 'approved', answer: answer('approved') })] }),
      ),
      change(letter('queued'), letter('sent')),
      change(duty('claimed'), duty('dead', { deadAt: '2026-11-29T04:30:00.000Z' })),
    ];
    const events = records.flatMap(domainEventsOf);

    expect(new Set(events.map((e) => e.detailType))).toEqual(new Set(detailTypes));
    const published = JSON.stringify(events);
    for (const secret of ['+8613800138000', '李小姐', '陳大文', '粤B12345', '快修连锁', 'InvalidParameter']) {
      expect(published).not.toContain(secret);
    }
    for (const event of events) {
      expect(eventDetails[event.detailType].safeParse(event.detail).success).toBe(true);
    }
  });

  it.each<[string, ChangeRecord, RegExp]>([
    [
      'an order without its customer',
      change(order(), order({ confirmation, customerId: undefined })),
      /customerId/,
    ],
    [
      'a sent letter without its template',
      change(letter('queued'), letter('sent', { templateId: 42 })),
      /templateId/,
    ],
    [
      'a duty with an unreadable time',
      change(duty('claimed'), duty('dead', { deadAt: 'yesterday' })),
      /deadAt/,
    ],
  ])('refuses %s as unreadable, naming the field', (_, record, field) => {
    expect(() => domainEventsOf(record)).toThrow(UnreadableChangeError);
    expect(() => domainEventsOf(record)).toThrow(field);
  });
});
