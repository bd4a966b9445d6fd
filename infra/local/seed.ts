import type { Actor, Role } from '../../shared/domain/access';
import { NotFoundError } from '../../shared/domain/errors';
import type { CreateBranch } from '../../shared/schemas/branch';
import { createBranch, getBranch } from '../../shared/store/branches';
import type { Store } from '../../shared/store/client';
import { createCustomer } from '../../shared/store/customers';
import { createStaff } from '../../shared/store/staff';
import { createVehicle } from '../../shared/store/vehicles';

/**
 * The demo chain of `npm start`: three branches in two currencies and time zones, staff for
 * every role of R-ACC-2, and customers with vehicles. Logins follow `<branch>.<role>`.
 */
const seedActor: Actor = {
  staffId: 'SEED',
  login: 'seed',
  name: 'Demo seed',
  roles: ['admin'],
  branches: '*',
};

const weekdays: CreateBranch['workingHours']['days'] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export const demoBranches: CreateBranch[] = [
  {
    id: 'SZ',
    name: '深圳福田店',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    phoneRegion: 'CN',
    locale: 'zh-Hans',
    workingHours: { days: weekdays, open: '08:30', close: '18:00' },
    quietHours: { start: '21:00', end: '08:00' },
    smsSignature: '快修连锁',
    bayCount: 12,
    address: '深圳市福田区深南大道 1000 号',
    phone: '+86 755 8888 0000',
    status: 'active',
  },
  {
    id: 'GZ',
    name: '广州天河店',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    phoneRegion: 'CN',
    locale: 'zh-Hans',
    workingHours: { days: weekdays, open: '08:00', close: '17:30' },
    quietHours: { start: '21:00', end: '08:00' },
    smsSignature: '快修连锁',
    bayCount: 8,
    address: '广州市天河区天河路 200 号',
    phone: '+86 20 3888 0000',
    status: 'active',
  },
  {
    id: 'HK',
    name: '香港觀塘店',
    timeZone: 'Asia/Hong_Kong',
    currency: 'HKD',
    phoneRegion: 'HK',
    locale: 'zh-Hant',
    workingHours: { days: weekdays, open: '09:00', close: '19:00' },
    quietHours: { start: '22:00', end: '09:00' },
    bayCount: 6,
    address: '九龍觀塘道 88 號',
    phone: '+852 2388 0000',
    status: 'active',
  },
];

/** Branch roles seeded at every branch; the login is `<branch>.<suffix>`. */
const branchStaff: { suffix: string; name: string; roles: Role[] }[] = [
  { suffix: 'advisor', name: 'Service advisor', roles: ['advisor'] },
  { suffix: 'followup', name: 'Follow-up agent', roles: ['follow-up'] },
  { suffix: 'supervisor', name: 'Business supervisor', roles: ['supervisor'] },
  { suffix: 'dispatcher', name: 'Workshop dispatcher', roles: ['dispatcher'] },
  { suffix: 'team1', name: 'Team lead 1', roles: ['team-lead'] },
  { suffix: 'team2', name: 'Team lead 2', roles: ['team-lead'] },
  { suffix: 'inspector', name: 'Inspector', roles: ['inspector'] },
  { suffix: 'cashier', name: 'Cashier', roles: ['cashier'] },
  { suffix: 'parts', name: 'Parts clerk', roles: ['parts-clerk'] },
  { suffix: 'hr', name: 'HR office', roles: ['hr'] },
];

const chainStaff: { login: string; name: string; roles: Role[] }[] = [
  { login: 'hq.analyst', name: 'HQ analyst', roles: ['hq'] },
  { login: 'admin', name: 'Chain admin', roles: ['admin'] },
];

const demoCustomers: Record<
  string,
  { name: string; phone: string; vehicles: { plate: string; model: string }[] }[]
> = {
  SZ: [
    { name: '陈先生', phone: '13800138000', vehicles: [{ plate: '粤B12345', model: 'Toyota Camry 2.5' }] },
    {
      name: '深圳速达物流有限公司',
      phone: '13900139000',
      vehicles: [
        { plate: '粤B8D123', model: 'Ford Transit' },
        { plate: '粤B8D124', model: 'Ford Transit' },
      ],
    },
  ],
  GZ: [{ name: '李女士', phone: '13700137000', vehicles: [{ plate: '粤A66666', model: 'Honda Accord' }] }],
  HK: [{ name: '黃先生', phone: '91234567', vehicles: [{ plate: 'AB1234', model: 'Tesla Model 3' }] }],
};

/** Logins of one demo person per role, for the start banner. */
export const demoLogins = [
  'sz.advisor',
  'sz.followup',
  'sz.supervisor',
  'sz.dispatcher',
  'sz.team1',
  'sz.inspector',
  'sz.cashier',
  'sz.parts',
  'sz.hr',
  'hk.advisor',
  'hq.analyst',
  'admin',
];

async function alreadySeeded(store: Store): Promise<boolean> {
  try {
    await getBranch(store, 'SZ');
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

/** Seeds the demo chain once; a file-backed database that has it is left alone. */
export async function seedDemoChain(store: Store): Promise<'seeded' | 'kept'> {
  if (await alreadySeeded(store)) return 'kept';
  for (const branch of demoBranches) await createBranch(store, branch, seedActor);
  for (const person of chainStaff) {
    await createStaff(store, { ...person, branches: ['*'], status: 'regular' }, seedActor);
  }
  for (const branch of demoBranches) {
    const prefix = branch.id.toLowerCase();
    for (const person of branchStaff) {
      await createStaff(
        store,
        {
          login: `${prefix}.${person.suffix}`,
          name: `${person.name} (${branch.id})`,
          roles: person.roles,
          branches: [branch.id],
          status: 'regular',
        },
        seedActor,
      );
    }
    for (const customer of demoCustomers[branch.id] ?? []) {
      const created = await createCustomer(
        store,
        branch.id,
        { name: customer.name, phones: [{ number: customer.phone, label: 'mobile' }] },
        seedActor,
      );
      for (const vehicle of customer.vehicles) {
        await createVehicle(store, branch.id, created.id, { ...vehicle, vehicleType: 'car' }, seedActor);
      }
    }
  }
  return 'seeded';
}
