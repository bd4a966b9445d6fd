import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/kernel/access';
import { ForbiddenError } from '../../shared/kernel/errors';
import {
  authorizeStaffRead,
  authorizeStaffWrite,
  canSignIn,
  type StaffAccessView,
  type StaffShape,
  type StaffStatus,
  staffIssues,
  staffReadDenial,
  staffWriteDenial,
} from '../../shared/staff/rules';
import { staffActor as actor, staffPerson as person } from '../support/staff';

describe('who may create staff (R-ACC-3)', () => {
  it.each<[string, Actor, StaffAccessView, string | undefined]>([
    ['admin places an advisor at any branch', actor(['admin'], '*'), person(['advisor'], ['GZ']), undefined],
    ['admin creates a chain-wide admin', actor(['admin'], '*'), person(['admin'], ['*']), undefined],
    [
      'hr places staff at their own branch',
      actor(['hr'], ['SZ']),
      person(['advisor', 'cashier'], ['SZ']),
      undefined,
    ],
    [
      'hr of two branches places staff at both',
      actor(['hr'], ['SZ', 'GZ']),
      person(['advisor'], ['SZ', 'GZ']),
      undefined,
    ],
    [
      'hr may not place staff at another branch',
      actor(['hr'], ['SZ']),
      person(['advisor'], ['GZ']),
      'branch GZ',
    ],
    [
      'hr may not place staff at their branch and another',
      actor(['hr'], ['SZ']),
      person(['advisor'], ['SZ', 'GZ']),
      'branch GZ',
    ],
    ['hr may not grant admin', actor(['hr'], ['SZ']), person(['admin'], ['SZ']), 'grant the role admin'],
    ['hr may not grant hq', actor(['hr'], ['SZ']), person(['hq', 'advisor'], ['SZ']), 'grant the role hq'],
    [
      'hr may not grant every branch',
      actor(['hr'], ['SZ']),
      person(['advisor'], ['*']),
      "every branch ('*')",
    ],
    [
      'a supervisor may not create staff',
      actor(['supervisor'], ['SZ']),
      person(['advisor'], ['SZ']),
      'admin or hr',
    ],
    ['hq may not create staff', actor(['hq'], '*'), person(['advisor'], ['SZ']), 'admin or hr'],
  ])('%s', (_case, who, next, reason) => {
    const denial = staffWriteDenial(who, next);
    if (reason === undefined) expect(denial).toBeUndefined();
    else expect(denial).toContain(reason);
  });
});

describe('who may change staff (R-ACC-3)', () => {
  const hr = actor(['hr'], ['SZ'], 'HR1');
  it.each<[string, Actor, StaffAccessView, StaffAccessView, string | undefined]>([
    // case, caller, the record before, the record after, the reason it is refused
    [
      'hr adds a role at their branch',
      hr,
      person(['advisor'], ['SZ']),
      person(['advisor', 'cashier'], ['SZ']),
      undefined,
    ],
    [
      'hr suspends someone at their branch',
      hr,
      person(['advisor'], ['SZ']),
      person(['advisor'], ['SZ'], { status: 'suspended' }),
      undefined,
    ],
    [
      'hr may not move someone to another branch',
      hr,
      person(['advisor'], ['SZ']),
      person(['advisor'], ['GZ']),
      'branch GZ',
    ],
    [
      'hr may not edit someone who also works at another branch',
      hr,
      person(['advisor'], ['SZ', 'GZ']),
      person(['advisor', 'cashier'], ['SZ', 'GZ']),
      'works at branch GZ',
    ],
    [
      'hr may not take someone away from a branch they do not work at',
      hr,
      person(['advisor'], ['SZ', 'GZ']),
      person(['advisor'], ['SZ']),
      'works at branch GZ',
    ],
    [
      'hr may not grant admin',
      hr,
      person(['advisor'], ['SZ']),
      person(['advisor', 'admin'], ['SZ']),
      'grant the role admin',
    ],
    ['hr may not edit hq staff', hr, person(['hq'], ['SZ']), person(['hq'], ['SZ']), 'hq or admin staff'],
    [
      'hr may not change their own roles',
      hr,
      person(['hr'], ['SZ'], { id: 'HR1' }),
      person(['hr', 'supervisor'], ['SZ'], { id: 'HR1' }),
      'your own',
    ],
    [
      'hr may not change their own status',
      hr,
      person(['hr'], ['SZ'], { id: 'HR1', status: 'probation' }),
      person(['hr'], ['SZ'], { id: 'HR1', status: 'regular' }),
      'your own',
    ],
    [
      'hr edits their own record without touching roles, branches or status',
      hr,
      person(['hr'], ['SZ'], { id: 'HR1' }),
      person(['hr'], ['SZ'], { id: 'HR1' }),
      undefined,
    ],
    [
      'admin changes anyone',
      actor(['admin'], '*'),
      person(['hq'], ['*']),
      person(['hq', 'admin'], ['*']),
      undefined,
    ],
  ])('%s', (_case, who, before, after, reason) => {
    const denial = staffWriteDenial(who, after, before);
    if (reason === undefined) expect(denial).toBeUndefined();
    else expect(denial).toContain(reason);
  });

  it('throws a ForbiddenError carrying the reason, so the call is a 403 that says why', () => {
    expect(() => authorizeStaffWrite(hr, person(['advisor'], ['GZ']))).toThrow(ForbiddenError);
    expect(() => authorizeStaffWrite(hr, person(['advisor'], ['GZ']))).toThrow(/branch GZ/);
  });
});

describe('who may read a staff record (R-ACC-3)', () => {
  it.each<[string, Actor, StaffAccessView, boolean]>([
    ['admin reads anyone', actor(['admin'], '*'), person(['advisor'], ['GZ']), true],
    ['hq reads anyone', actor(['hq'], '*'), person(['advisor'], ['GZ']), true],
    ['hr reads someone at their branch', actor(['hr'], ['SZ']), person(['advisor'], ['SZ', 'GZ']), true],
    [
      'a supervisor reads someone at their branch',
      actor(['supervisor'], ['GZ']),
      person(['advisor'], ['SZ', 'GZ']),
      true,
    ],
    ['hr may not read someone at another branch', actor(['hr'], ['SZ']), person(['advisor'], ['GZ']), false],
    [
      'a supervisor may not read chain-wide staff',
      actor(['supervisor'], ['SZ']),
      person(['hq'], ['*']),
      false,
    ],
    ['an advisor may not read a colleague', actor(['advisor'], ['SZ']), person(['advisor'], ['SZ']), false],
  ])('%s', (_case, who, target, allowed) => {
    expect(staffReadDenial(who, target) === undefined).toBe(allowed);
  });

  it('names the branches when it refuses', () => {
    expect(() => authorizeStaffRead(actor(['hr'], ['SZ']), person(['advisor'], ['GZ']))).toThrow(
      'This person works at branch GZ; you share no branch with them',
    );
  });
});

describe('what a staff record may hold (R-ACC-2, R-HR-1)', () => {
  const valid: StaffShape = { roles: ['advisor'], branches: ['SZ'] };
  it.each<[string, string[], Partial<StaffShape>]>([
    ['two roles at two branches', [], { roles: ['advisor', 'cashier'], branches: ['SZ', 'GZ'] }],
    ['hq at every branch', [], { roles: ['hq'], branches: ['*'] }],
    ['admin and hq at every branch', [], { roles: ['admin', 'hq'], branches: ['*'] }],
    ['a role listed twice', ['roles.2'], { roles: ['advisor', 'cashier', 'advisor'] }],
    ['a branch listed twice', ['branches.1'], { branches: ['SZ', 'SZ'] }],
    ['an advisor at every branch', ['branches'], { roles: ['advisor'], branches: ['*'] }],
    ['hq at every branch with an advisor role', ['branches'], { roles: ['hq', 'advisor'], branches: ['*'] }],
    ["'*' beside a branch", ['branches'], { roles: ['admin'], branches: ['*', 'SZ'] }],
    [
      'a contract ending before it starts',
      ['contractEnd'],
      { contractStart: '2025-03-01', contractEnd: '2025-02-28' },
    ],
    [
      'a contract ending the day it starts',
      ['contractEnd'],
      { contractStart: '2025-03-01', contractEnd: '2025-03-01' },
    ],
    ['a contract of one day', [], { contractStart: '2025-03-01', contractEnd: '2025-03-02' }],
    [
      'probation ending before the contract starts',
      ['probationEnd'],
      { contractStart: '2025-03-01', probationEnd: '2025-02-01' },
    ],
    [
      'probation ending after the contract',
      ['probationEnd'],
      { contractEnd: '2025-06-01', probationEnd: '2025-07-01' },
    ],
    [
      'probation inside the contract',
      [],
      { contractStart: '2025-03-01', contractEnd: '2027-02-28', probationEnd: '2025-06-01' },
    ],
  ])('%s: issues at %j', (_case, paths, override) => {
    expect(staffIssues({ ...valid, ...override }).map((i) => i.path)).toEqual(paths);
  });
});

describe('who may sign in (R-HR-1, R-HR-4)', () => {
  it.each<[StaffStatus, boolean]>([
    ['probation', true],
    ['regular', true],
    ['suspended', false],
    ['left', false],
  ])('%s staff may sign in: %s', (status, allowed) => {
    expect(canSignIn({ status })).toBe(allowed);
  });
});
