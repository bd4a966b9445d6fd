import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { vehicleKey } from '../../shared/archive/store/vehicles';
import { store } from '../../shared/platform/dynamo/client';
import { call, givenBranch, staff } from '../support/api';

/** A branch with one customer, and an advisor who works there. */
async function givenOwner(phone = '13800138000') {
  const branchId = await givenBranch();
  const advisor = staff(['advisor'], [branchId], 'Advisor Wang');
  const customer = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
    body: { name: '陈先生', phones: [{ number: phone }] },
  });
  expect(customer.status).toBe(201);
  return { branchId, advisor, customerId: customer.body.id as string };
}

async function givenOtherCustomer(branchId: string, advisor: ReturnType<typeof staff>) {
  const other = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
    body: { name: '李女士', phones: [{ number: '13700137000' }] },
  });
  return other.body.id as string;
}

const vehiclesOf = async (
  owner: { branchId: string; advisor: ReturnType<typeof staff> },
  customerId: string,
) =>
  (await call(owner.advisor, 'GET', `/branches/${owner.branchId}/customers/${customerId}/vehicles`)).body
    .items;

const findByPlate = async (owner: { branchId: string; advisor: ReturnType<typeof staff> }, plate: string) =>
  call(owner.advisor, 'GET', `/branches/${owner.branchId}/vehicles`, { query: { plate } });

describe('vehicle archive: one car, one file (R-ARC-1, R-ARC-3)', () => {
  it('opens a vehicle archive under its owner with the plate in canonical form and reads it back', async () => {
    const owner = await givenOwner();
    const created = await call(
      owner.advisor,
      'POST',
      `/branches/${owner.branchId}/customers/${owner.customerId}/vehicles`,
      {
        body: {
          plate: '粤B·12345',
          model: 'Toyota Camry 2.5',
          vehicleType: 'car',
          vin: 'lvgbe40k88g123456',
          colour: 'white',
          year: 2019,
          maintenanceCycle: { months: 6, km: 5000 },
          lastMaintenanceDate: '2025-01-10',
          nextMaintenanceDate: '2025-07-10',
          odometerKm: 41_200,
        },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      branchId: owner.branchId,
      customerId: owner.customerId,
      plate: '粤B12345',
      vin: 'LVGBE40K88G123456',
      version: 1,
      createdBy: owner.advisor.staffId,
    });
    const read = await call(owner.advisor, 'GET', `/branches/${owner.branchId}/vehicles/${created.body.id}`);
    expect(read.body).toEqual(created.body);
  });

  it('finds a returning car by its plate typed in another format, and nothing for an unknown plate (R-ARC-3)', async () => {
    const owner = await givenOwner();
    const created = await call(
      owner.advisor,
      'POST',
      `/branches/${owner.branchId}/customers/${owner.customerId}/vehicles`,
      {
        body: { plate: '粤B12345' },
      },
    );

    const found = await findByPlate(owner, '粵b 12345');
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([created.body]);
    expect((await findByPlate(owner, '粤B-54321')).body).toEqual({ items: [] });
  });

  it.each([
    ['the same owner', 'same'],
    ['another customer of the branch', 'other'],
  ])(
    'refuses a plate already on file for %s with 409 pointing at that vehicle, and writes nothing',
    async (_case, who) => {
      const owner = await givenOwner();
      const path = `/branches/${owner.branchId}/customers/${owner.customerId}/vehicles`;
      const first = await call(owner.advisor, 'POST', path, { body: { plate: '粤B12345' } });
      const target =
        who === 'same' ? owner.customerId : await givenOtherCustomer(owner.branchId, owner.advisor);

      const again = await call(
        owner.advisor,
        'POST',
        `/branches/${owner.branchId}/customers/${target}/vehicles`,
        {
          body: { plate: '粤b 12345', model: 'Honda Accord' },
        },
      );
      expect(again.status).toBe(409);
      expect(again.body.existing).toEqual({
        kind: 'vehicle',
        id: first.body.id,
        href: `/branches/${owner.branchId}/vehicles/${first.body.id}`,
      });
      expect(await vehiclesOf(owner, owner.customerId)).toEqual([first.body]);
      if (target !== owner.customerId) expect(await vehiclesOf(owner, target)).toEqual([]);
    },
  );

  it('keeps one archive per VIN: a re-plated car is found by its VIN and refused a second archive (R-ARC-3)', async () => {
    const owner = await givenOwner();
    const path = `/branches/${owner.branchId}/customers/${owner.customerId}/vehicles`;
    const vin = 'LVGBE40K88G123456';
    const first = await call(owner.advisor, 'POST', path, { body: { plate: '粤B12345', vin } });
    expect(first.status).toBe(201);
    const byVin = (v: string) =>
      call(owner.advisor, 'GET', `/branches/${owner.branchId}/vehicles`, { query: { vin: v } });

    // New plates (粤B → 粤S), same car: found by its VIN typed in lower case, not opened twice.
    expect((await byVin('lvgbe40k88g123456')).body.items.map((v: { id: string }) => v.id)).toEqual([
      first.body.id,
    ]);
    const twice = await call(owner.advisor, 'POST', path, { body: { plate: '粤S88888', vin } });
    expect(twice.status).toBe(409);
    expect(twice.body.existing).toMatchObject({ kind: 'vehicle', id: first.body.id });

    // A corrected VIN moves the guard; a cleared one releases it.
    const corrected = await call(
      owner.advisor,
      'PATCH',
      `/branches/${owner.branchId}/vehicles/${first.body.id}`,
      {
        body: { version: 1, vin: 'LVGBE40K88G654321' },
      },
    );
    expect(corrected.status).toBe(200);
    expect((await byVin(vin)).body).toEqual({ items: [] });
    expect((await byVin('LVGBE40K88G654321')).body.items).toHaveLength(1);
    const cleared = await call(
      owner.advisor,
      'PATCH',
      `/branches/${owner.branchId}/vehicles/${first.body.id}`,
      {
        body: { version: 2, vin: null },
      },
    );
    expect(cleared.status).toBe(200);
    expect((await byVin('LVGBE40K88G654321')).body).toEqual({ items: [] });
    const another = await call(owner.advisor, 'POST', path, { body: { plate: '粤S88888', vin } });
    expect(another.status).toBe(201);
  });

  it.each([
    ['neither plate nor VIN', {}],
    ['both plate and VIN', { plate: '粤B12345', vin: 'LVGBE40K88G123456' }],
  ])('refuses a lookup with %s (400 naming query.plate)', async (_, query) => {
    const owner = await givenOwner();
    const refused = await call(owner.advisor, 'GET', `/branches/${owner.branchId}/vehicles`, { query });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('query.plate');
  });

  it('keeps archives per branch: the same plate may be on file at another branch', async () => {
    const a = await givenOwner();
    const b = await givenOwner();
    for (const owner of [a, b]) {
      const created = await call(
        owner.advisor,
        'POST',
        `/branches/${owner.branchId}/customers/${owner.customerId}/vehicles`,
        {
          body: { plate: '粤B12345' },
        },
      );
      expect(created.status).toBe(201);
    }
  });

  it('claims a new plate and releases the old one when the plate changes', async () => {
    const owner = await givenOwner();
    const path = `/branches/${owner.branchId}/customers/${owner.customerId}/vehicles`;
    const vehicle = await call(owner.advisor, 'POST', path, { body: { plate: '粤B12345' } });

    const changed = await call(
      owner.advisor,
      'PATCH',
      `/branches/${owner.branchId}/vehicles/${vehicle.body.id}`,
      {
        body: { version: 1, plate: '粤B 54321' },
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ plate: '粤B54321', version: 2 });
    expect((await findByPlate(owner, '粤B54321')).body.items.map((v: { id: string }) => v.id)).toEqual([
      vehicle.body.id,
    ]);
    expect((await findByPlate(owner, '粤B12345')).body.items).toEqual([]);
    expect((await call(owner.advisor, 'POST', path, { body: { plate: '粤B12345' } })).status).toBe(201);
  });

  it("refuses to change a plate to another vehicle's with 409, and changes nothing", async () => {
    const owner = await givenOwner();
    const path = `/branches/${owner.branchId}/customers/${owner.customerId}/vehicles`;
    const first = await call(owner.advisor, 'POST', path, { body: { plate: '粤B12345' } });
    const second = await call(owner.advisor, 'POST', path, { body: { plate: '粤B54321' } });

    const taken = await call(
      owner.advisor,
      'PATCH',
      `/branches/${owner.branchId}/vehicles/${second.body.id}`,
      {
        body: { version: 1, plate: '粤B12345', colour: 'red' },
      },
    );
    expect(taken.status).toBe(409);
    expect(taken.body.existing.id).toBe(first.body.id);
    const read = await call(owner.advisor, 'GET', `/branches/${owner.branchId}/vehicles/${second.body.id}`);
    expect(read.body).toEqual(second.body);
  });

  it('records a new odometer reading and clears a field sent as null, and refuses a stale version (R-ACC-5)', async () => {
    const owner = await givenOwner();
    const vehicle = await call(
      owner.advisor,
      'POST',
      `/branches/${owner.branchId}/customers/${owner.customerId}/vehicles`,
      {
        body: { plate: '粤B12345', vin: 'LVGBE40K88G123456', odometerKm: 40_000 },
      },
    );
    const path = `/branches/${owner.branchId}/vehicles/${vehicle.body.id}`;

    const changed = await call(owner.advisor, 'PATCH', path, {
      body: { version: 1, odometerKm: 45_500, vin: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ odometerKm: 45_500, version: 2 });
    expect(changed.body).not.toHaveProperty('vin');

    const stale = await call(owner.advisor, 'PATCH', path, { body: { version: 1, odometerKm: 50_000 } });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/version-conflict');
    expect((await call(owner.advisor, 'GET', path)).body).toEqual(changed.body);
  });

  it('keeps the odometer history: a lower reading needs a correction reason (R-RO-3, R-ARC-1)', async () => {
    const owner = await givenOwner();
    const vehicle = await call(
      owner.advisor,
      'POST',
      `/branches/${owner.branchId}/customers/${owner.customerId}/vehicles`,
      { body: { plate: `粤B${ulid().slice(-5)}`, odometerKm: 80_000 } },
    );
    const path = `/branches/${owner.branchId}/vehicles/${vehicle.body.id}`;
    const readings = async () =>
      (
        await store().doc.send(
          new QueryCommand({
            TableName: store().tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :odo)',
            ExpressionAttributeValues: {
              ':pk': vehicleKey(owner.branchId, vehicle.body.id).pk,
              ':odo': 'ODO#',
            },
          }),
        )
      ).Items?.map((i) => [i.km, i.correctionReason]) ?? [];

    const lower = await call(owner.advisor, 'PATCH', path, { body: { version: 1, odometerKm: 800 } });
    expect(lower.status).toBe(400);
    expect(lower.body.errors[0].path).toBe('body.odometerKm');
    expect((await call(owner.advisor, 'GET', path)).body).toMatchObject({ odometerKm: 80_000, version: 1 });

    const higher = await call(owner.advisor, 'PATCH', path, { body: { version: 1, odometerKm: 81_000 } });
    expect(higher.status).toBe(200);
    const corrected = await call(owner.advisor, 'PATCH', path, {
      body: { version: 2, odometerKm: 18_100, odometerCorrectionReason: 'Typed 81 000 for 18 100' },
    });
    expect(corrected.status).toBe(200);
    // The reading the archive was opened with starts the history (R-MKT-1 projects from it).
    expect(await readings()).toEqual([
      [80_000, undefined],
      [81_000, undefined],
      [18_100, 'Typed 81 000 for 18 100'],
    ]);
  });

  it('refuses a vehicle for a customer not on file at the branch with 404, and writes nothing', async () => {
    const owner = await givenOwner();
    const response = await call(
      owner.advisor,
      'POST',
      `/branches/${owner.branchId}/customers/${ulid()}/vehicles`,
      {
        body: { plate: '粤B12345' },
      },
    );
    expect(response.status).toBe(404);
    expect((await findByPlate(owner, '粤B12345')).body.items).toEqual([]);
  });

  it('lists no vehicles for a customer without cars, and answers 404 for a customer not on file', async () => {
    const owner = await givenOwner();
    expect(await vehiclesOf(owner, owner.customerId)).toEqual([]);
    const missing = await call(
      owner.advisor,
      'GET',
      `/branches/${owner.branchId}/customers/${ulid()}/vehicles`,
    );
    expect(missing.status).toBe(404);
  });

  it.each([
    ['a missing plate', { plate: undefined }, 'body.plate'],
    ['an empty plate', { plate: ' ' }, 'body.plate'],
    ['an absurd plate', { plate: 'A' }, 'body.plate'],
    ['a plate of the wrong type', { plate: 12345 }, 'body.plate'],
    ['a VIN with the letter O', { vin: 'LVGBE40K88O123456' }, 'body.vin'],
    ['an unknown vehicle type', { vehicleType: 'tank' }, 'body.vehicleType'],
    ['a year of the wrong type', { year: 'old' }, 'body.year'],
    ['a negative odometer reading', { odometerKm: -1 }, 'body.odometerKm'],
    ['an empty maintenance cycle', { maintenanceCycle: {} }, 'body.maintenanceCycle'],
    ['a date that is no date', { lastMaintenanceDate: '2025-02-30' }, 'body.lastMaintenanceDate'],
    [
      'a next maintenance before the last one',
      { lastMaintenanceDate: '2025-06-01', nextMaintenanceDate: '2025-01-01' },
      'body.nextMaintenanceDate',
    ],
    ['an unknown field', { owner: 'someone' }, 'body.owner'],
  ])(
    'refuses a vehicle with %s: 400 naming the field, and writes nothing (R-X-4)',
    async (_case, override, path) => {
      const owner = await givenOwner();
      const response = await call(
        owner.advisor,
        'POST',
        `/branches/${owner.branchId}/customers/${owner.customerId}/vehicles`,
        {
          body: { plate: '粤B12345', model: 'Honda Accord', ...override },
        },
      );
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await vehiclesOf(owner, owner.customerId)).toEqual([]);
      expect((await findByPlate(owner, '粤B12345')).body.items).toEqual([]);
    },
  );

  it.each([
    [
      'move the next maintenance before the last one',
      { nextMaintenanceDate: '2024-01-01' },
      'body.nextMaintenanceDate',
    ],
    ['change the owner here', { customerId: ulid() }, 'body.customerId'],
    ['send no version', { version: undefined, colour: 'red' }, 'body.version'],
  ])(
    'refuses an update that tries to %s with 400, and changes nothing (R-X-4)',
    async (_case, override, path) => {
      const owner = await givenOwner();
      const vehicle = await call(
        owner.advisor,
        'POST',
        `/branches/${owner.branchId}/customers/${owner.customerId}/vehicles`,
        {
          body: { plate: '粤B12345', lastMaintenanceDate: '2025-01-10' },
        },
      );
      const url = `/branches/${owner.branchId}/vehicles/${vehicle.body.id}`;
      const response = await call(owner.advisor, 'PATCH', url, { body: { version: 1, ...override } });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect((await call(owner.advisor, 'GET', url)).body).toEqual(vehicle.body);
    },
  );

  it('refuses a plate search with an absurd plate: 400 naming query.plate (R-X-4)', async () => {
    const owner = await givenOwner();
    const response = await findByPlate(owner, '#');
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.plate']);
  });
});
