import { ulid } from 'ulid';
import { computeTotals, notices, priceLine } from '../../shared/orders/rules/pricing';
import type { OrderState } from '../../shared/orders/rules/state-machine';
import { type LineInput, lineInput } from '../../shared/orders/schemas/lines';
import type { Order } from '../../shared/orders/schemas/order';
import { orderItem } from '../../shared/orders/store/orders';
import { store } from '../../shared/platform/dynamo/client';
import { putStep, transact } from '../../shared/platform/dynamo/records';
import type { Estimate } from '../../shared/reception/schemas/estimate';
import { estimateItem } from '../../shared/reception/store/estimates';
import { call, staff, type TestActor } from './api';
import { fromNow, testNow } from './clock';

/**
 * Fixtures for repair-order tests: records written straight to the table in a given state, so
 * each test starts where its rule applies instead of replaying the whole lifecycle.
 */
export const testLines: LineInput[] = [
  { kind: 'labour', description: 'Replace front brake pads', system: 'brakes', hours: 1.5, rate: 20_000 },
  {
    kind: 'part',
    description: 'Front brake pads (OEM)',
    system: 'brakes',
    partNo: 'BP-1001',
    quantity: 1,
    unitPrice: 45_000,
    supplier: 'shop',
    grade: 'oem',
  },
];

export async function givenCustomerWithVehicle(
  branchId: string,
  advisor: TestActor = staff(['advisor'], [branchId]),
) {
  const phone = `13${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  const customer = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
    body: { name: '陈先生', phones: [{ number: phone }] },
  });
  if (customer.status !== 201) throw new Error(`customer: ${JSON.stringify(customer.body)}`);
  const plate = `粤B${ulid().slice(-5)}`;
  const vehicle = await call(
    advisor,
    'POST',
    `/branches/${branchId}/customers/${customer.body.id}/vehicles`,
    {
      body: { plate, vehicleType: 'car', model: 'Toyota Camry', odometerKm: 42_000 },
    },
  );
  if (vehicle.status !== 201) throw new Error(`vehicle: ${JSON.stringify(vehicle.body)}`);
  return {
    customerId: customer.body.id as string,
    vehicleId: vehicle.body.id as string,
    plate: vehicle.body.plate as string,
  };
}

const fixtureActor = { staffId: 'FIXTURE', name: 'Fixture' };

export async function givenEstimate(
  branchId: string,
  owner: { customerId: string; vehicleId: string },
  overrides: Partial<Estimate> = {},
): Promise<Estimate> {
  const lines = testLines.map((l) => priceLine(lineInput.parse(l), 'estimate'));
  const at = fromNow(0);
  const estimate: Estimate = {
    id: ulid(),
    branchId,
    currency: 'CNY',
    customerId: owner.customerId,
    vehicleId: owner.vehicleId,
    pricingMethod: 'system',
    riskPremiumPercent: 0,
    lines,
    totals: computeTotals(lines, 0),
    notices: notices('system', lines),
    status: 'presented',
    presentedAt: at,
    version: 1,
    createdAt: at,
    createdBy: fixtureActor.staffId,
    updatedAt: at,
    updatedBy: fixtureActor.staffId,
    ...overrides,
  };
  await transact(store(), [putStep(store(), estimateItem(estimate))]);
  return estimate;
}

const hour = 3600_000;

/** An order in `state`, with the sub-records that state implies (confirmation, handover, transfer, …). */
export async function givenOrder(
  branchId: string,
  owner: { customerId: string; vehicleId: string; plate: string },
  state: OrderState,
  overrides: Partial<Order> = {},
): Promise<Order> {
  const lines = testLines.map((l) => priceLine(lineInput.parse(l), 'estimate'));
  const now = testNow();
  const at = new Date(now).toISOString();
  const past = (hours: number) => new Date(now - hours * hour).toISOString();
  const reached = (s: OrderState) => {
    const order: OrderState[] = [
      'draft',
      'confirmed',
      'in_workshop',
      'quality_check',
      'ready',
      'settled',
      'exited',
    ];
    return order.indexOf(state) >= order.indexOf(s) || (s === 'in_workshop' && state === 'awaiting_addon');
  };
  const totals = computeTotals(lines, 0);
  const order: Order = {
    id: ulid(),
    branchId,
    currency: 'CNY',
    state,
    customerId: owner.customerId,
    vehicleId: owner.vehicleId,
    plate: owner.plate,
    customerName: '陈先生',
    pricingMethod: 'system',
    riskPremiumPercent: 0,
    lines,
    totals,
    notices: [],
    promisedAt: new Date(now + 6 * hour).toISOString(),
    originalPromisedAt: new Date(now + 6 * hour).toISOString(),
    advisor: fixtureActor,
    teams: [],
    partsRequests: [],
    addOns: [],
    inspections: [],
    payments: [],
    version: 1,
    createdAt: past(5),
    createdBy: fixtureActor.staffId,
    updatedAt: at,
    updatedBy: fixtureActor.staffId,
    ...(reached('confirmed')
      ? {
          confirmation: { by: '陈先生', at: past(5), method: 'signature' as const, recordedBy: fixtureActor },
        }
      : {}),
    ...(reached('confirmed') && state !== 'confirmed'
      ? {
          handover: {
            documents: [{ name: 'Vehicle licence', present: true }],
            belongings: [{ item: 'Umbrella', quantity: 1 }],
            belongingsConfirmedBy: '陈先生',
            keyTag: `K-${ulid().slice(-4)}`,
            keySlot: `S-${ulid().slice(-6)}`,
            fuelLevel: 4,
            odometerKm: 42_100,
            recordedBy: fixtureActor,
            at: past(5),
          },
        }
      : {}),
    ...(reached('in_workshop')
      ? {
          transfer: {
            washed: true,
            receivedBy: fixtureActor,
            receivedAt: past(4),
            mode: 'single_team' as const,
            recordedBy: fixtureActor,
          },
          workshopStartAt: past(4),
          teams: [{ teamId: 'TEAM1', teamName: 'Team 1', assignedAt: past(4), assignedBy: fixtureActor }],
        }
      : {}),
    ...(reached('quality_check') ? { workDoneAt: past(1) } : {}),
    ...(reached('ready') ? { readyAt: past(0.5) } : {}),
    ...overrides,
  };
  await transact(store(), [putStep(store(), orderItem(order))]);
  return order;
}

/** An exit with every document handed over and the customer's confirmation (R-PKP-5). */
export const exitBody = {
  documentsHandedOver: ['exit_notice', 'repair_order', 'settlement', 'warranty', 'vehicle_documents', 'keys'],
  customerConfirmedBy: '陈先生',
  belongingsChecked: true,
} as const;
