import { describe, expect, it } from 'vitest';
import { type Actor, authorize, type Role } from '../../shared/kernel/access';
import { ForbiddenError } from '../../shared/kernel/errors';

/**
 * Survivors of the mutation run of shared/kernel/access.ts (issue 14 item 4), as cases of R-ACC-3:
 * one of the route's roles is enough, and every refusal says why, word for word.
 */
const actor = (roles: Role[], branches: Actor['branches']): Actor => ({
  staffId: 'S1',
  login: 'someone',
  name: 'Someone',
  roles,
  branches,
});
const refusal = (act: () => void): string | undefined => {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenError);
    return (error as ForbiddenError).message;
  }
  return undefined;
};

describe('the roles of a route (R-ACC-3)', () => {
  it.each<[string, Role[], Role[], string | undefined]>([
    ['R-ACC-3: one of two roles held is enough', ['advisor', 'cashier'], ['cashier'], undefined],
    [
      'R-ACC-3: none of the roles: the roles needed and held are named',
      ['advisor', 'cashier'],
      ['supervisor', 'hq'],
      'This needs one of the roles supervisor, hq; you hold advisor, cashier',
    ],
    [
      'R-ACC-3: no role at all is said so',
      [],
      ['advisor'],
      'This needs one of the roles advisor; you hold none',
    ],
  ])('%s', (_case, roles, allowed, message) => {
    expect(refusal(() => authorize(actor(roles, ['SZ']), allowed, 'SZ'))).toBe(message);
  });

  it('R-ACC-3: another branch is closed, and the refusal names it', () => {
    expect(refusal(() => authorize(actor(['advisor'], ['SZ']), ['advisor'], 'GZ'))).toBe(
      'You do not work at branch GZ; its records are closed to you',
    );
  });

  it("R-ACC-3: every branch ('*') for a role without the right names the roles held", () => {
    expect(refusal(() => authorize(actor(['advisor'], '*'), ['advisor'], undefined))).toBe(
      "Every branch ('*') is for HQ and admin only; you hold advisor: sign in again for a token naming your branches",
    );
  });
});
