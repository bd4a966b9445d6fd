import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../shared/kernel/access';
import {
  type FieldIssue,
  ForbiddenError,
  ValidationError,
  VersionConflictError,
} from '../../shared/kernel/errors';
import {
  authorizeStaffRead,
  authorizeStaffWrite,
  canSignIn,
  isActive,
  membershipMoves,
  namedBranches,
  requireStaffVersion,
  requireValidStaff,
  type StaffAccessView,
  type StaffShape,
  type StaffStatus,
  staffIssues,
  staffReadDenial,
  staffWriteDenial,
  supervisorFor,
} from '../../shared/staff/rules';
import { staffActor as actor, staffPerson as person } from '../support/staff';

/**
 * Mutation-testing cases of the staff rules (R-HR-1, R-ACC-3, R-ACC-5, R-HR-4, R-PRG-1): every
 * answer asserted whole (exact issues and reasons), every boundary on both sides.
 */

function shape(roles: Role[], branches: string[], extra: Partial<StaffShape> = {}): StaffShape {
  return { roles, branches, ...extra };
}

describe('a staff record holds each role and branch once, * alone and for chain roles (R-HR-1)', () => {
  it.each<[string, () => StaffShape, FieldIssue[]]>([
    ['a plain record', () => shape(['advisor', 'cashier'], ['SZ', 'GZ']), []],
    [
      'a role listed twice is named at its second place only',
      () => shape(['advisor', 'cashier', 'advisor'], ['SZ']),
      [{ path: 'roles.2', message: 'Role advisor is listed twice' }],
    ],
    [
      'a branch listed three times is named at each repeat',
      () => shape(['advisor'], ['SZ', 'GZ', 'SZ', 'SZ']),
      [
        { path: 'branches.2', message: 'Branch SZ is listed twice' },
        { path: 'branches.3', message: 'Branch SZ is listed twice' },
      ],
    ],
    ['an admin at every branch', () => shape(['admin'], ['*']), []],
    ['an hq person at every branch', () => shape(['hq'], ['*']), []],
    [
      '* with a named branch beside it',
      () => shape(['admin'], ['*', 'SZ']),
      [{ path: 'branches', message: "'*' (every branch) stands alone; list no branch beside it" }],
    ],
    [
      'branch roles at every branch are named',
      () => shape(['hq', 'advisor', 'cashier'], ['*']),
      [
        {
          path: 'branches',
          message:
            "Only hq and admin staff work at every branch ('*'); advisor, cashier works at named branches",
        },
      ],
    ],
    ['branch roles at a named branch are fine', () => shape(['advisor'], ['SZ']), []],
  ])('%s', (_case, record, issues) => {
    expect(staffIssues(record())).toEqual(issues);
  });

  it.each<[string, Partial<StaffShape>, FieldIssue[]]>([
    ['contract ends after it starts', { contractStart: '2026-01-01', contractEnd: '2026-01-02' }, []],
    [
      'contract ends the day it starts',
      { contractStart: '2026-01-01', contractEnd: '2026-01-01' },
      [{ path: 'contractEnd', message: 'The contract must end after it starts (2026-01-01)' }],
    ],
    [
      'contract ends before it starts',
      { contractStart: '2026-01-01', contractEnd: '2025-12-31' },
      [{ path: 'contractEnd', message: 'The contract must end after it starts (2026-01-01)' }],
    ],
    ['an end without a start', { contractEnd: '2025-12-31' }, []],
    ['a start without an end', { contractStart: '2026-01-01' }, []],
    ['probation ends after the start', { contractStart: '2026-01-01', probationEnd: '2026-01-02' }, []],
    [
      'probation ends the day the contract starts',
      { contractStart: '2026-01-01', probationEnd: '2026-01-01' },
      [{ path: 'probationEnd', message: 'Probation must end after the contract starts (2026-01-01)' }],
    ],
    [
      'probation ends before the contract starts',
      { contractStart: '2026-01-01', probationEnd: '2025-06-01' },
      [{ path: 'probationEnd', message: 'Probation must end after the contract starts (2026-01-01)' }],
    ],
    ['probation without a contract start', { probationEnd: '2025-06-01' }, []],
    [
      'probation ends the day the contract ends',
      { contractStart: '2026-01-01', contractEnd: '2026-06-30', probationEnd: '2026-06-30' },
      [],
    ],
    [
      'probation ends after the contract',
      { contractStart: '2026-01-01', contractEnd: '2026-06-30', probationEnd: '2026-07-01' },
      [{ path: 'probationEnd', message: 'Probation cannot end after the contract (2026-06-30)' }],
    ],
    [
      'probation after an end with no start',
      { contractEnd: '2026-06-30', probationEnd: '2026-07-01' },
      [{ path: 'probationEnd', message: 'Probation cannot end after the contract (2026-06-30)' }],
    ],
  ])('%s', (_case, dates, issues) => {
    expect(staffIssues(shape(['advisor'], ['SZ'], dates))).toEqual(issues);
  });

  it('a record at fault is a 400 naming body fields; a good one passes (R-HR-1)', () => {
    expect(() => requireValidStaff(shape(['advisor'], ['SZ']))).not.toThrow();
    let caught: unknown;
    try {
      requireValidStaff(
        shape(['advisor', 'advisor'], ['SZ'], { contractStart: '2026-01-01', contractEnd: '2026-01-01' }),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues).toEqual([
      { path: 'body.roles.1', message: 'Role advisor is listed twice' },
      { path: 'body.contractEnd', message: 'The contract must end after it starts (2026-01-01)' },
    ]);
  });
});

describe('who may sign in and who may work (R-HR-1, R-HR-4)', () => {
  it.each<[StaffStatus, boolean]>([
    ['probation', true],
    ['regular', true],
    ['suspended', false],
    ['left', false],
  ])('%s: signs in and works = %s', (status, yes) => {
    expect(canSignIn({ status })).toBe(yes);
    expect(isActive({ status })).toBe(yes);
  });
});

describe('who may create or change a staff record, reason in full (R-ACC-3)', () => {
  it.each<[string, () => [Actor, StaffAccessView, StaffAccessView | undefined], string | undefined]>([
    [
      'admin may do anything',
      () => [actor(['admin'], '*'), person(['hq'], ['*']), person(['admin'], ['*'])],
      undefined,
    ],
    [
      'no role at all',
      () => [actor([], ['SZ']), person(['advisor'], ['SZ']), undefined],
      'Creating or changing staff needs the role admin or hr; you hold none',
    ],
    [
      'other roles are listed',
      () => [actor(['supervisor', 'advisor'], ['SZ']), person(['advisor'], ['SZ']), undefined],
      'Creating or changing staff needs the role admin or hr; you hold supervisor, advisor',
    ],
    [
      'hr may not change hq staff',
      () => [actor(['hr'], ['SZ']), person(['advisor'], ['SZ']), person(['hq'], ['SZ'])],
      'Only an admin may change hq or admin staff',
    ],
    [
      'hr may not change admin staff',
      () => [actor(['hr'], ['SZ']), person(['advisor'], ['SZ']), person(['advisor', 'admin'], ['SZ'])],
      'Only an admin may change hq or admin staff',
    ],
    [
      'hr may change branch staff of their branch',
      () => [actor(['hr'], ['SZ']), person(['cashier'], ['SZ']), person(['advisor'], ['SZ'])],
      undefined,
    ],
    [
      'every granted chain role is named',
      () => [actor(['hr'], ['SZ']), person(['admin', 'advisor', 'hq'], ['SZ']), undefined],
      'Only an admin may grant the role admin, hq',
    ],
    [
      'every branch',
      () => [actor(['hr'], ['SZ']), person(['advisor'], ['*']), undefined],
      "Only an admin may grant every branch ('*')",
    ],
    [
      'the person works at branches the hr does not',
      () => [actor(['hr'], ['SZ']), person(['advisor'], ['SZ']), person(['advisor'], ['GZ', 'SZ', 'FS'])],
      'This person works at branch GZ, FS, where you do not work; ask its hr or an admin',
    ],
    [
      'a record at every branch is outside even for chain-wide hr',
      () => [actor(['hr', 'hq'], '*'), person(['advisor'], ['SZ']), person(['advisor'], ['*'])],
      'This person works at branch *, where you do not work; ask its hr or an admin',
    ],
    [
      'placing staff where the hr does not work',
      () => [actor(['hr'], ['SZ']), person(['advisor'], ['SZ', 'GZ', 'FS']), undefined],
      'You do not work at branch GZ, FS; only its hr or an admin may place staff there',
    ],
    [
      'hr of two branches moves a person between them',
      () => [actor(['hr'], ['SZ', 'GZ']), person(['advisor'], ['GZ']), person(['advisor'], ['SZ'])],
      undefined,
    ],
  ])('%s', (_case, build, reason) => {
    const [who, next, current] = build();
    expect(staffWriteDenial(who, next, current)).toBe(reason);
  });

  const own = 'You may not change your own roles, branches or status; ask another hr or an admin';
  it.each<[string, () => [StaffAccessView, StaffAccessView], string | undefined]>([
    [
      'own record, nothing of access changed (lists in another order)',
      () => [
        person(['hr', 'advisor'], ['SZ', 'GZ'], { id: 'HR1' }),
        person(['advisor', 'hr'], ['GZ', 'SZ'], { id: 'HR1' }),
      ],
      undefined,
    ],
    [
      'own record, nothing of access changed (the new lists out of order)',
      () => [
        person(['advisor', 'hr'], ['GZ', 'SZ'], { id: 'HR1' }),
        person(['hr', 'advisor'], ['SZ', 'GZ'], { id: 'HR1' }),
      ],
      undefined,
    ],
    [
      'own role swapped for another',
      () => [
        person(['hr', 'advisor'], ['SZ'], { id: 'HR1' }),
        person(['hr', 'cashier'], ['SZ'], { id: 'HR1' }),
      ],
      own,
    ],
    [
      'own role added',
      () => [person(['hr'], ['SZ'], { id: 'HR1' }), person(['hr', 'cashier'], ['SZ'], { id: 'HR1' })],
      own,
    ],
    [
      'own branch added',
      () => [person(['hr'], ['SZ'], { id: 'HR1' }), person(['hr'], ['SZ', 'GZ'], { id: 'HR1' })],
      own,
    ],
    [
      'own branch swapped',
      () => [person(['hr'], ['SZ'], { id: 'HR1' }), person(['hr'], ['GZ'], { id: 'HR1' })],
      own,
    ],
    [
      'own status changed',
      () => [
        person(['hr'], ['SZ'], { id: 'HR1' }),
        person(['hr'], ['SZ'], { id: 'HR1', status: 'probation' }),
      ],
      own,
    ],
    [
      'another person: roles, branches and status may change',
      () => [
        person(['advisor'], ['SZ'], { id: 'P2' }),
        person(['cashier', 'hr'], ['GZ'], { id: 'P2', status: 'suspended' }),
      ],
      undefined,
    ],
  ])('%s', (_case, build, reason) => {
    const [current, next] = build();
    expect(staffWriteDenial(actor(['hr'], ['SZ', 'GZ'], 'HR1'), next, current)).toBe(reason);
  });

  it('a denial is a 403 with the reason; an allowed write passes (R-ACC-3)', () => {
    expect(() => authorizeStaffWrite(actor(['hr'], ['SZ']), person(['advisor'], ['SZ']))).not.toThrow();
    expect(() => authorizeStaffWrite(actor(['hr'], ['SZ']), person(['advisor'], ['GZ']))).toThrow(
      new ForbiddenError('You do not work at branch GZ; only its hr or an admin may place staff there'),
    );
    expect(() => authorizeStaffWrite(actor(['advisor'], ['SZ']), person(['advisor'], ['SZ']))).toThrow(
      ForbiddenError,
    );
  });
});

describe('who may read a staff record, reason in full (R-ACC-3)', () => {
  it.each<[string, () => [Actor, StaffAccessView], string | undefined]>([
    ['hq reads anyone', () => [actor(['hq'], '*'), person(['advisor'], ['GZ'])], undefined],
    [
      'hq who also advises reads anyone, even outside their branches',
      () => [actor(['advisor', 'hq'], ['SZ']), person(['advisor'], ['GZ'])],
      undefined,
    ],
    [
      'hr who also advises reads a colleague',
      () => [actor(['advisor', 'hr'], ['SZ']), person(['advisor'], ['SZ'])],
      undefined,
    ],
    ['admin reads anyone', () => [actor(['admin'], '*'), person(['advisor'], ['GZ'])], undefined],
    [
      'an advisor reads no one',
      () => [actor(['advisor', 'cashier'], ['SZ']), person(['advisor'], ['SZ'])],
      'Reading staff records needs the role admin, hq, hr or supervisor; you hold advisor, cashier',
    ],
    [
      'no role reads no one',
      () => [actor([], ['SZ']), person(['advisor'], ['SZ'])],
      'Reading staff records needs the role admin, hq, hr or supervisor; you hold none',
    ],
    ['hr reads a colleague', () => [actor(['hr'], ['SZ']), person(['advisor'], ['GZ', 'SZ'])], undefined],
    [
      'a supervisor reads a colleague',
      () => [actor(['supervisor'], ['SZ']), person(['advisor'], ['SZ'])],
      undefined,
    ],
    [
      'hr reads no one of other branches',
      () => [actor(['hr'], ['SZ']), person(['advisor'], ['GZ', 'FS'])],
      'This person works at branch GZ, FS; you share no branch with them',
    ],
    [
      'a supervisor reads no chain-wide person',
      () => [actor(['supervisor'], ['SZ']), person(['hq'], ['*'])],
      'This person works at every branch; you share no branch with them',
    ],
  ])('%s', (_case, build, reason) => {
    const [who, target] = build();
    expect(staffReadDenial(who, target)).toBe(reason);
  });

  it('a denial is a 403 with the reason; an allowed read passes (R-ACC-3)', () => {
    expect(() => authorizeStaffRead(actor(['hr'], ['SZ']), person(['advisor'], ['SZ']))).not.toThrow();
    expect(() => authorizeStaffRead(actor(['hr'], ['SZ']), person(['advisor'], ['GZ']))).toThrow(
      new ForbiddenError('This person works at branch GZ; you share no branch with them'),
    );
  });
});

describe('who an escalation goes to (R-PRG-1)', () => {
  type M = { id: string; roles: string[]; status: StaffStatus };
  const m = (id: string, roles: string[], status: StaffStatus = 'regular'): M => ({ id, roles, status });
  it.each<[string, () => M[], string | undefined, string | undefined]>([
    [
      'the lowest active supervisor id',
      () => [m('S3', ['supervisor']), m('S2', ['advisor', 'supervisor']), m('S4', ['supervisor'])],
      undefined,
      'S2',
    ],
    [
      'another supervisor than the assignee',
      () => [m('S3', ['supervisor']), m('S2', ['supervisor']), m('S4', ['supervisor'])],
      'S2',
      'S3',
    ],
    ['the assignee when alone', () => [m('S2', ['supervisor']), m('A1', ['advisor'])], 'S2', 'S2'],
    [
      'suspended and departed supervisors are skipped',
      () => [
        m('S1', ['supervisor'], 'suspended'),
        m('S2', ['supervisor'], 'left'),
        m('S3', ['supervisor'], 'probation'),
      ],
      undefined,
      'S3',
    ],
    ['no supervisor', () => [m('A1', ['advisor']), m('S1', ['supervisor'], 'left')], undefined, undefined],
  ])('%s', (_case, members, assignee, chosen) => {
    expect(supervisorFor(members(), assignee)?.id).toBe(chosen);
  });
});

describe('versions and memberships of a staff record (R-ACC-5, R-HR-1)', () => {
  it('a change on the current version passes, on another is a 409 naming the current one (R-ACC-5)', () => {
    expect(() => requireStaffVersion(3, 3)).not.toThrow();
    let caught: unknown;
    try {
      requireStaffVersion(2, 3);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VersionConflictError);
    expect((caught as VersionConflictError).message).toBe(
      'You read version 2 but the record is at version 3; reload and retry',
    );
    expect((caught as VersionConflictError).extensions).toEqual({ currentVersion: 3 });
  });

  it.each<[string, string[], string[], { write: string[]; drop: string[] }]>([
    ['a branch swapped', ['SZ', 'GZ'], ['GZ', 'FS'], { write: ['GZ', 'FS'], drop: ['SZ'] }],
    ['nothing changed', ['SZ'], ['SZ'], { write: ['SZ'], drop: [] }],
    ['to every branch', ['SZ'], ['*'], { write: [], drop: ['SZ'] }],
    ['from every branch', ['*'], ['SZ'], { write: ['SZ'], drop: [] }],
  ])('%s (R-HR-1)', (_case, before, after, moves) => {
    expect(membershipMoves({ branches: before }, { branches: after })).toEqual(moves);
    expect(namedBranches({ branches: ['*', ...after] })).toEqual(after.filter((b) => b !== '*'));
  });
});
