import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { isBranchScoped, type RouteContract } from '../../shared/api/contract';
import { allRoutes } from '../../shared/api/routes';
import { branchRoles } from '../../shared/domain/access';
import { call, givenBranch, staff, system, type TestActor } from '../support/api';

/**
 * R-ACC-3 for every route: a person holding every branch role at branch A can neither read nor
 * change anything of branch B. Each request is one that B's own staff may make (the control call
 * proves it succeeds), so the 403 comes from the branch alone, and B reads the same afterwards.
 */
interface World {
  a: string;
  b: string;
  insiderB: TestActor;
  customerId: string;
  vehicleId: string;
  staffId: string;
}

type Sample = (w: World) => Promise<{ path: string; body?: unknown; query?: Record<string, string> }>;

const version = async (w: World, path: string) =>
  (await call(w.insiderB, 'GET', path)).body.version as number;
const uniquePhone = () => `139${String(Date.now() % 100_000_000).padStart(8, '0')}`;
let plateSeq = 0;

const samples: Record<string, Sample> = {
  getBranch: async (w) => ({ path: `/branches/${w.b}` }),
  updateBranch: async (w) => ({
    path: `/branches/${w.b}`,
    body: { version: await version(w, `/branches/${w.b}`), bayCount: 9 },
  }),
  listBranchStaff: async (w) => ({ path: `/branches/${w.b}/staff` }),
  createStaff: async (w) => ({
    path: '/staff',
    body: {
      login: `iso.${ulid().slice(-8).toLowerCase()}`,
      name: 'New hire',
      roles: ['advisor'],
      branches: [w.b],
    },
  }),
  getStaff: async (w) => ({ path: `/staff/${w.staffId}` }),
  updateStaff: async (w) => {
    const read = await call(system, 'GET', `/staff/${w.staffId}`);
    return {
      path: `/staff/${w.staffId}`,
      body: { version: read.body.version, name: `Renamed ${ulid().slice(-4)}` },
    };
  },
  createCustomer: async (w) => ({
    path: `/branches/${w.b}/customers`,
    body: { name: '新客户', phones: [{ number: uniquePhone() }] },
  }),
  getCustomer: async (w) => ({ path: `/branches/${w.b}/customers/${w.customerId}` }),
  updateCustomer: async (w) => {
    const path = `/branches/${w.b}/customers/${w.customerId}`;
    return { path, body: { version: await version(w, path), notes: `note ${ulid()}` } };
  },
  findCustomerByPhone: async (w) => ({ path: `/branches/${w.b}/customers`, query: { phone: '13800138000' } }),
  customerTimeline: async (w) => ({ path: `/branches/${w.b}/customers/${w.customerId}/timeline` }),
  listCustomerVehicles: async (w) => ({ path: `/branches/${w.b}/customers/${w.customerId}/vehicles` }),
  createVehicle: async (w) => ({
    path: `/branches/${w.b}/customers/${w.customerId}/vehicles`,
    body: { plate: `粤B9${String(++plateSeq).padStart(4, '0')}`, vehicleType: 'car' },
  }),
  getVehicle: async (w) => ({ path: `/branches/${w.b}/vehicles/${w.vehicleId}` }),
  updateVehicle: async (w) => {
    const path = `/branches/${w.b}/vehicles/${w.vehicleId}`;
    return { path, body: { version: await version(w, path), colour: `white ${ulid().slice(-4)}` } };
  },
  findVehicleByPlate: async (w) => ({ path: `/branches/${w.b}/vehicles`, query: { plate: '粤B12345' } }),
};

/** The routes a branch person could use against another branch: branch paths and staff records. */
const guarded = allRoutes.filter((r) => isBranchScoped(r) || r.path.startsWith('/staff'));

let w: World;

async function snapshot(world: World) {
  const reads = [
    `/branches/${world.b}`,
    `/branches/${world.b}/staff`,
    `/branches/${world.b}/customers/${world.customerId}`,
    `/branches/${world.b}/customers/${world.customerId}/timeline`,
    `/branches/${world.b}/customers/${world.customerId}/vehicles`,
    `/branches/${world.b}/vehicles/${world.vehicleId}`,
  ];
  const bodies = await Promise.all(
    reads.map(async (path) => (await call(world.insiderB, 'GET', path, { query: { limit: '100' } })).body),
  );
  const person = (await call(system, 'GET', `/staff/${world.staffId}`)).body;
  return [...bodies, person];
}

beforeAll(async () => {
  const a = await givenBranch();
  const b = await givenBranch();
  const insiderB = staff([...branchRoles], [b], 'Insider B');
  const customer = await call(insiderB, 'POST', `/branches/${b}/customers`, {
    body: { name: '陈先生', phones: [{ number: '13800138000' }] },
  });
  const vehicle = await call(insiderB, 'POST', `/branches/${b}/customers/${customer.body.id}/vehicles`, {
    body: { plate: '粤B12345', vehicleType: 'car' },
  });
  const person = await call(system, 'POST', '/staff', {
    body: {
      login: `iso.${ulid().slice(-8).toLowerCase()}`,
      name: 'Staff of B',
      roles: ['cashier'],
      branches: [b],
    },
  });
  expect([customer.status, vehicle.status, person.status]).toEqual([201, 201, 201]);
  w = { a, b, insiderB, customerId: customer.body.id, vehicleId: vehicle.body.id, staffId: person.body.id };
});

describe('branch isolation on every route (R-ACC-3)', () => {
  it('has a sample request for every guarded route', () => {
    expect(guarded.map((r) => r.id).filter((id) => !samples[id])).toEqual([]);
  });

  it.each(guarded.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: staff of branch A get 403 for branch B, and B is unchanged',
    async (_name, route: RouteContract) => {
      const sample = samples[route.id];
      if (!sample) throw new Error(`no sample for ${route.id}`);
      const outsider = staff([...branchRoles], [w.a], 'Outsider A');
      const request = await sample(w);
      const before = await snapshot(w);

      const denied = await call(outsider, route.method, request.path, {
        body: request.body,
        query: request.query,
      });

      expect(denied.status).toBe(403);
      expect(denied.body.type).toBe('/problems/forbidden');
      expect(await snapshot(w)).toEqual(before);

      // Control: the very same request from B's own staff (admin for admin-only routes) succeeds.
      const insider = route.roles.some((r) => branchRoles.includes(r)) ? w.insiderB : system;
      const allowed = await call(insider, route.method, request.path, {
        body: request.body,
        query: request.query,
      });
      expect(allowed.status).toBeLessThan(300);
    },
  );
});
