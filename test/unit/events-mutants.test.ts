import { describe, expect, it } from 'vitest';
import { domainEventsOf, UnreadableChangeError } from '../../shared/events/rules';
import type { ChangeRecord } from '../../shared/platform/dynamo/stream';

/**
 * Survivors of the mutation run of shared/events/rules.ts (issue 5 item 6, issue 14 item 4): an
 * item written whole (no image before) or one whose field was null before publishes its event
 * once; an unreadable change says which record and what, word for word.
 */
type Image = Record<string, unknown>;
const staff = { staffId: 'S1', name: '陳大文' };
const order = (extra: Image = {}): Image => ({
  pk: 'BR#SZ#ORD#01JORDER000000000000000000',
  sk: 'ORDER',
  type: 'order',
  id: '01JORDER000000000000000000',
  branchId: 'SZ',
  state: 'ready',
  currency: 'CNY',
  customerId: '01JCUST0000000000000000000',
  vehicleId: '01JVEH00000000000000000000',
  plate: '粤B12345',
  customerName: '李小姐',
  totals: { subtotal: 90_000, riskPremium: 10_000, total: 100_000 },
  promisedAt: '2026-11-29T08:00:00.000Z',
  advisor: staff,
  addOns: [],
  payments: [],
  inspections: [],
  version: 3,
  updatedAt: '2026-11-29T09:30:00.000Z',
  ...extra,
});
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
