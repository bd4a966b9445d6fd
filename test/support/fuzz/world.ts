import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, localDate, localWallTime } from '../../../shared/kernel/local-time';
import { store } from '../../../shared/platform/dynamo/client';
import { call, givenBranch, hire, staff } from '../api';
import { fromNow, testNow } from '../clock';
import { givenCustomerWithVehicle, givenEstimate, givenOrder } from '../orders';
import type { FuzzWorld } from './requests';

/**
 * A seeded branch for the fuzz suite (R-X-4): staff, customers with vehicles, an estimate, orders
 * in several states, a visit with a diagnosis, an appointment, a complaint and a call, so that
 * valid-shaped requests naming these ids reach the rules and the store.
 */
export async function seededWorld(branch: string, other: string): Promise<FuzzWorld> {
  await givenBranch({ id: branch });
  const lead = await hire(branch, ['team-lead'], 'Fuzz Lead');
  const agent = await hire(branch, ['follow-up', 'advisor'], 'Fuzz Agent');
  const advisor = staff(['advisor', 'supervisor'], [branch], 'Fuzz Advisor');
  const owners = [
    await givenCustomerWithVehicle(branch, advisor),
    await givenCustomerWithVehicle(branch, advisor),
  ];
  const [first] = owners;
  if (!first) throw new Error('fuzz: no customer');
  const estimate = await givenEstimate(branch, first);
  const orders = await Promise.all(
    (['draft', 'confirmed', 'in_workshop', 'quality_check', 'ready', 'settled'] as const).map((state) =>
      givenOrder(branch, first, state),
    ),
  );
  const visit = await call(advisor, 'POST', `/branches/${branch}/visits`, {
    body: { purpose: 'repair', customerId: first.customerId, vehicleId: first.vehicleId },
  });
  const diagnosis = await call(advisor, 'POST', `/branches/${branch}/visits/${visit.body.id}/diagnosis`, {
    body: { findings: [{ system: 'brakes', finding: 'Pads worn', severity: 'advise' }] },
  });
  const tomorrow = addDays(localDate(fromNow(0), 'Asia/Shanghai'), 1);
  const appointment = await call(advisor, 'POST', `/branches/${branch}/appointments`, {
    body: {
      customerId: first.customerId,
      vehicleId: first.vehicleId,
      origin: 'customer_request',
      startAt: localWallTime(tomorrow, '09:30', 'Asia/Shanghai'),
      durationMinutes: 60,
      work: '保养',
    },
  });
  const complaint = await call(advisor, 'POST', `/branches/${branch}/complaints`, {
    body: {
      channel: 'phone',
      customerId: first.customerId,
      words: '等太久了',
      category: 'waiting',
      respondBy: fromNow(4 * 3_600_000),
    },
  });
  const fuzzCall = await call(advisor, 'POST', `/branches/${branch}/calls`, {
    body: { customerId: first.customerId, direction: 'incoming', purpose: 'consultation', keyPoints: '詢價' },
  });
  const duties = await call(advisor, 'GET', `/branches/${branch}/orders/${orders[0]?.id}/duties`);
  const created = [visit, diagnosis, appointment, complaint, fuzzCall];
  const failed = created.find((c) => c.status !== 201);
  if (failed) throw new Error(`fuzz world: ${JSON.stringify(failed.body)}`);
  const staffIds = [lead.staffId, agent.staffId];
  const phones = await Promise.all(
    owners.map(
      async (o) => (await call(advisor, 'GET', `/branches/${branch}/customers/${o.customerId}`)).body,
    ),
  );
  return {
    branch,
    other,
    ids: {
      customerId: owners.map((o) => o.customerId),
      vehicleId: owners.map((o) => o.vehicleId),
      estimateId: [estimate.id],
      orderId: orders.map((o) => o.id),
      visitId: [visit.body.id],
      diagnosisId: [diagnosis.body.id],
      appointmentId: [appointment.body.id],
      complaintId: [complaint.body.id],
      callId: [fuzzCall.body.id],
      dutyId: ((duties.body?.items ?? []) as { id: string }[]).map((d) => d.id),
      staffId: staffIds,
      teamId: [lead.staffId],
      teamIds: [lead.staffId],
      technicianId: [lead.staffId],
      followUpAgentId: [agent.staffId],
      receivedBy: staffIds,
    },
    phones: phones.flatMap((c) => (c.phones as { number: string }[]).map((p) => p.number)),
    plates: owners.map((o) => o.plate),
    nowMs: testNow(),
  };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Set) return `set(${[...value].map(canonical).sort().join(',')})`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * Every item of the store's table, in a canonical form and sorted: two snapshots are equal when
 * nothing in the table changed. Meant for a small table of its own (the refused-writes check).
 */
export async function tableItems(): Promise<string[]> {
  const { doc, tableName } = store();
  const items: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    for (const item of page.Items ?? []) items.push(canonical(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort();
}
