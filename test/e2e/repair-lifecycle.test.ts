import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamo';
import { type Runtime, startRuntime } from '../../infra/local/runtime';
import { type Clock, setClock } from '../../shared/platform/ports/clock';
import { restoreTestClock, testClock } from '../support/clock';
import { sharedDynamo } from '../support/e2e-dynamo';
import { exitBody } from '../support/orders';
import { runtimeApi } from '../support/runtime-api';

/**
 * Issue 3's end-to-end scenario over HTTP on the local runtime (the demo chain of `npm start`):
 * a car arrives, is diagnosed, estimated, confirmed, handed over and dispatched; gets two add-ons,
 * one approved and one declined; fails inspection once, then passes; is settled with an approved
 * discount and a partial payment; exits. A month later it returns and the declined add-on is
 * offered again. Money is checked to the minor unit (R-EST-3, R-PKP-4).
 */
let runtime: Runtime;
let offsetMs = 0;
const shiftedClock: Clock = { now: () => new Date(testClock.now().getTime() + offsetMs) };
const now = () => shiftedClock.now().getTime();
const iso = (ms: number) => new Date(ms).toISOString();
const hour = 3_600_000;

const { api, ok } = runtimeApi(() => runtime);

beforeAll(async () => {
  setClock(shiftedClock);
  runtime = await startRuntime({ ...sharedDynamo(), port: await freePort() });
});

afterAll(async () => {
  restoreTestClock();
  await runtime?.stop();
});

describe('a car through the whole service process (R-REC, R-EST, R-RO, R-WS, R-ADD, R-PKP)', () => {
  it('arrives, is repaired, settled and leaves; a month later the declined work is offered again', async () => {
    const b = '/branches/SZ';
    const found = await ok('sz.advisor', 'GET', `${b}/customers?phone=138 0013 8000`);
    const customer = found.items[0];
    const vehicles = await ok('sz.advisor', 'GET', `${b}/customers/${customer.id}/vehicles`);
    const vehicle = vehicles.items[0];
    const staff = await ok('sz.supervisor', 'GET', `${b}/staff?limit=100`);
    const idOf = (login: string) => staff.items.find((p: { login: string }) => p.login === login).id;

    // Arrival and diagnosis (R-REC-1, R-REC-2).
    const visit = await ok('sz.advisor', 'POST', `${b}/visits`, {
      purpose: 'repair',
      customerId: customer.id,
      vehicleId: vehicle.id,
      notes: 'Squealing brakes',
    });
    expect(visit.returning).toBe(false);
    const diagnosis = await ok('sz.advisor', 'POST', `${b}/visits/${visit.id}/diagnosis`, {
      findings: [{ system: 'brakes', finding: 'Front pads at 2 mm', severity: 'safety' }],
    });

    // Estimate by system (R-EST-1..3), idempotent create.
    const estimateBody = {
      customerId: customer.id,
      vehicleId: vehicle.id,
      visitId: visit.id,
      diagnosisId: diagnosis.id,
      pricingMethod: 'system',
      lines: [
        { kind: 'labour', description: 'Replace front pads', system: 'brakes', hours: 1.5, rate: 20_000 },
        {
          kind: 'part',
          description: 'Front brake pads',
          system: 'brakes',
          quantity: 1,
          unitPrice: 45_000,
          supplier: 'shop',
          grade: 'oem',
        },
      ],
    };
    const key = { 'idempotency-key': `e2e-estimate-${visit.id}` };
    let estimate = await ok('sz.advisor', 'POST', `${b}/estimates`, estimateBody, key);
    const retried = await ok('sz.advisor', 'POST', `${b}/estimates`, estimateBody, key);
    expect(retried.id).toBe(estimate.id);
    expect(estimate.totals).toEqual({
      labour: 30_000,
      parts: 45_000,
      fees: 0,
      riskPremium: 0,
      total: 75_000,
    });
    estimate = await ok('sz.advisor', 'POST', `${b}/estimates/${estimate.id}/present`, {
      version: estimate.version,
    });
    estimate = await ok('sz.advisor', 'POST', `${b}/estimates/${estimate.id}/accept`, {
      version: estimate.version,
    });

    // Order, confirmation, handover, dispatch (R-RO-1..4).
    const promisedAt = iso(now() + 26 * hour);
    let order = await ok('sz.advisor', 'POST', `${b}/orders`, { estimateId: estimate.id, promisedAt });
    expect(order.state).toBe('draft');
    order = await ok('sz.advisor', 'POST', `${b}/orders/${order.id}/confirm`, {
      version: order.version,
      by: customer.name,
      method: 'signature',
    });
    order = await ok('sz.advisor', 'POST', `${b}/orders/${order.id}/recordHandover`, {
      version: order.version,
      documents: [{ name: 'Vehicle licence', present: true }],
      belongings: [{ item: 'Umbrella', quantity: 1 }],
      belongingsConfirmedBy: customer.name,
      keyTag: 'K-017',
      keySlot: 'A-17',
      fuelLevel: 3,
      odometerKm: 42_350,
    });
    order = await ok('sz.advisor', 'POST', `${b}/orders/${order.id}/transfer`, {
      version: order.version,
      washed: true,
      receivedBy: idOf('sz.dispatcher'),
      mode: 'single_team',
      teamId: idOf('sz.team1'),
    });
    expect(order.state).toBe('in_workshop');

    // Two add-ons: one approved (moves the promise), one declined (R-ADD-1..3).
    order = await ok('sz.team1', 'POST', `${b}/orders/${order.id}/raiseAddOn`, {
      version: order.version,
      description: 'Replace brake fluid',
      reason: 'Fluid dark and wet',
      lines: [
        { kind: 'labour', description: 'Flush brake fluid', system: 'brakes', hours: 0.5, rate: 20_000 },
        {
          kind: 'part',
          description: 'DOT4 fluid 1 L',
          system: 'brakes',
          quantity: 1,
          unitPrice: 12_000,
          supplier: 'shop',
          grade: 'oem',
        },
      ],
      extraMinutes: 45,
      safetyRelated: true,
    });
    order = await ok('sz.team1', 'POST', `${b}/orders/${order.id}/raiseAddOn`, {
      version: order.version,
      description: 'Replace wiper blades',
      reason: 'Blades streaking',
      lines: [
        {
          kind: 'part',
          description: 'Wiper blades',
          system: 'body',
          quantity: 2,
          unitPrice: 8_000,
          supplier: 'shop',
          grade: 'aftermarket',
        },
      ],
      extraMinutes: 10,
      safetyRelated: false,
    });
    expect(order.state).toBe('awaiting_addon');
    const [fluid, wipers] = order.addOns;
    const told = {
      channel: 'phone',
      customerContactedAt: iso(now()),
      workshopToldAt: iso(now()),
      workshopToldWho: 'Team 1',
    };
    order = await ok('sz.advisor', 'POST', `${b}/orders/${order.id}/answerAddOn`, {
      version: order.version,
      addOnId: fluid.id,
      decision: 'approved',
      ...told,
    });
    order = await ok('sz.advisor', 'POST', `${b}/orders/${order.id}/answerAddOn`, {
      version: order.version,
      addOnId: wipers.id,
      decision: 'declined',
      ...told,
    });
    expect(order.state).toBe('in_workshop');
    expect(Date.parse(order.promisedAt) - Date.parse(promisedAt)).toBe(45 * 60_000);
    expect(order.totals.total).toBe(75_000 + 10_000 + 12_000);

    // Work done, inspection fails once, then passes (R-WS-4, R-PKP-1).
    order = await ok('sz.team1', 'POST', `${b}/orders/${order.id}/completeWork`, { version: order.version });
    expect(order.state).toBe('quality_check');
    const queue = await ok('sz.inspector', 'GET', `${b}/orders?state=quality_check`);
    expect(queue.items.map((o: { id: string }) => o.id)).toContain(order.id);
    order = await ok('sz.inspector', 'POST', `${b}/orders/${order.id}/failInspection`, {
      version: order.version,
      findings: 'Pedal travel too long: bleed again',
      assembliesInspected: 1,
      recordComplete: true,
    });
    expect(order.state).toBe('in_workshop');
    order = await ok('sz.team1', 'POST', `${b}/orders/${order.id}/completeWork`, { version: order.version });
    order = await ok('sz.inspector', 'POST', `${b}/orders/${order.id}/passInspection`, {
      version: order.version,
      assembliesInspected: 1,
      recordComplete: true,
    });
    expect(order.state).toBe('ready');

    // Settlement with an approved discount, a deposit and a partial payment (R-PKP-4).
    order = await ok('sz.advisor', 'POST', `${b}/orders/${order.id}/preparePickup`, {
      version: order.version,
      cleaned: true,
      belongingsChecked: true,
      billsCollected: true,
    });
    const unapproved = await api('sz.cashier', 'POST', `${b}/orders/${order.id}/approveDiscount`, {
      version: order.version,
      amount: 5_000,
      reason: 'Loyal customer',
    });
    expect(unapproved.status).toBe(403);
    order = await ok('sz.supervisor', 'POST', `${b}/orders/${order.id}/approveDiscount`, {
      version: order.version,
      amount: 5_000,
      reason: 'Loyal customer',
    });
    // The deposit the customer paid while the car was in the workshop is money on the order.
    order = await ok('sz.cashier', 'POST', `${b}/orders/${order.id}/recordPayment`, {
      version: order.version,
      amount: 10_000,
      method: 'card',
    });
    order = await ok('sz.cashier', 'POST', `${b}/orders/${order.id}/settle`, { version: order.version });
    expect(order.settlement).toMatchObject({
      discount: 5_000,
      deposit: 10_000,
      amountDue: 82_000,
      outstanding: 82_000,
    });
    order = await ok('sz.cashier', 'POST', `${b}/orders/${order.id}/recordPayment`, {
      version: order.version,
      amount: 50_000,
      method: 'wechat_pay',
    });
    expect(order.settlement.outstanding).toBe(32_000);

    // Exit (R-PKP-5): documents, confirmation; the archive gets the visit and the odometer.
    order = await ok('sz.advisor', 'POST', `${b}/orders/${order.id}/exit`, {
      version: order.version,
      ...exitBody,
      customerConfirmedBy: customer.name,
      nextMaintenanceDate: iso(now() + 180 * 24 * hour).slice(0, 10),
    });
    expect(order.state).toBe('exited');
    const archived = await ok('sz.advisor', 'GET', `${b}/vehicles/${vehicle.id}`);
    expect(archived.odometerKm).toBe(42_350);
    expect(archived.lastMaintenanceDate).toBeDefined();
    // The receivable is paid after the car left.
    order = await ok('sz.cashier', 'POST', `${b}/orders/${order.id}/recordPayment`, {
      version: order.version,
      amount: 32_000,
      method: 'bank_transfer',
    });
    expect(order.settlement.outstanding).toBe(0);
    const settlements = await ok(
      'sz.cashier',
      'GET',
      `${b}/registers/settlement?from=${iso(now() - 48 * hour).slice(0, 10)}&to=${iso(now() + 48 * hour).slice(0, 10)}`,
    );
    expect(settlements.items.some((s: { id: string }) => s.id === order.id)).toBe(true);

    // A month later the car returns: the declined wipers are offered again (R-ADD-2, R-ARC-5).
    offsetMs = 31 * 24 * hour;
    const again = await ok('sz.advisor', 'POST', `${b}/visits`, {
      purpose: 'maintenance',
      customerId: customer.id,
      vehicleId: vehicle.id,
    });
    expect(again.returning).toBe(true);
    const offers = await ok('sz.advisor', 'GET', `${b}/vehicles/${vehicle.id}/declined-work`);
    expect(offers.items).toHaveLength(1);
    expect(offers.items[0]).toMatchObject({ description: 'Replace wiper blades', price: 16_000 });
  });
});
