import { describe, expect, it } from 'vitest';
import { type Actor, authorize, type Role, worksAt } from '../../shared/kernel/access';
import { ForbiddenError } from '../../shared/kernel/errors';

const actor = (roles: Role[], branches: Actor['branches']): Actor => ({
  staffId: 'S1',
  login: 'someone',
  name: 'Someone',
  roles,
  branches,
});

describe("every branch ('*') in a token (R-ACC-3)", () => {
  it.each([['advisor'], ['supervisor'], ['hr'], ['cashier']] as const)(
    "R-ACC-3: a %s holding '*' is refused with the reason, at a branch and on a chain route",
    (role) => {
      const wildcard = actor([role], '*');
      for (const branchId of ['SZ', undefined]) {
        const refused = (() => {
          try {
            authorize(wildcard, [role], branchId);
          } catch (error) {
            return error;
          }
          return undefined;
        })();
        expect(refused).toBeInstanceOf(ForbiddenError);
        expect((refused as ForbiddenError).message).toContain('HQ and admin only');
      }
      expect(worksAt(wildcard, 'SZ')).toBe(false);
    },
  );

  it.each([[['hq']], [['admin']], [['hq', 'advisor']]] as const)(
    "R-ACC-3: %j holding '*' works at every branch",
    (roles) => {
      const chainWide = actor([...roles], '*');
      expect(() => authorize(chainWide, [...roles], 'GZ')).not.toThrow();
      expect(worksAt(chainWide, 'GZ')).toBe(true);
    },
  );

  it('R-ACC-3: a branch list still names the only branches one works at', () => {
    const advisor = actor(['advisor'], ['SZ']);
    expect(() => authorize(advisor, ['advisor'], 'SZ')).not.toThrow();
    expect(() => authorize(advisor, ['advisor'], 'GZ')).toThrow(ForbiddenError);
  });
});
