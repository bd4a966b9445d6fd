import { describe, expect, it } from 'vitest';
import { ValidationError, VersionConflictError } from '../../shared/kernel/errors';
import {
  membershipMoves,
  namedBranches,
  requireStaffVersion,
  requireValidStaff,
  type StaffShape,
} from '../../shared/staff/rules';

describe('a staff record as written (R-HR-1)', () => {
  it.each<[string, StaffShape, string[]]>([
    ['an advisor of one branch is valid', { roles: ['advisor'], branches: ['SZ'] }, []],
    [
      'a role listed twice is a 400 on body.roles',
      { roles: ['advisor', 'advisor'], branches: ['SZ'] },
      ['body.roles.1'],
    ],
  ])('%s', (_case, staff, paths) => {
    try {
      requireValidStaff(staff);
      expect(paths).toEqual([]);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(paths);
    }
  });
});

describe('memberships of a change of branches (R-HR-1, R-ACC-3)', () => {
  it.each<[string, string[], string[], { write: string[]; drop: string[] }]>([
    ['a new branch gets a membership', ['SZ'], ['SZ', 'GZ'], { write: ['SZ', 'GZ'], drop: [] }],
    ['a branch left loses it', ['SZ', 'GZ'], ['GZ'], { write: ['GZ'], drop: ['SZ'] }],
    ['chain-wide staff have none', ['SZ'], ['*'], { write: [], drop: ['SZ'] }],
    ['staff made branch staff get one', ['*'], ['SZ'], { write: ['SZ'], drop: [] }],
  ])('%s', (_case, before, after, expected) => {
    expect(membershipMoves({ branches: before }, { branches: after })).toEqual(expected);
  });

  it('names no membership for `*`', () => {
    expect(namedBranches({ branches: ['*', 'SZ'] })).toEqual(['SZ']);
  });
});

describe('the version the caller read (R-ACC-5)', () => {
  it.each([
    [4, 4, false],
    [3, 4, true],
  ])('read %i, stored %i: conflict %s', (read, current, conflict) => {
    const check = () => requireStaffVersion(read, current);
    if (conflict) expect(check).toThrow(VersionConflictError);
    else expect(check).not.toThrow();
  });
});
