import { describe, expect, it } from 'vitest';
import { checkBranchPolicy, policyOf } from '../../shared/branches/rules';
import { VersionConflictError } from '../../shared/kernel/errors';
import { defaultPolicy } from '../../shared/kernel/policy';
import { nextVersion, requireReadVersion } from '../../shared/kernel/versions';
import { validationIssues } from '../support/refusals';

/**
 * Rules without a unit test before the mutation run (issue 14 item 4): a branch's own lead times
 * merged with the chain's (R-PKP-2, issue 4 item 2) and the version of a record (R-ACC-5).
 */
describe('a branch policy (R-PKP-2)', () => {
  it('R-PKP-2: the branch’s own lead time wins, the chain’s fills the rest', () => {
    const policy = policyOf({ policy: { pickup: { shortJobLeadMinutes: 90 } } });
    expect(policy.pickup).toEqual({ ...defaultPolicy.pickup, shortJobLeadMinutes: 90 });
    expect(policyOf({}).pickup).toEqual(defaultPolicy.pickup);
  });

  it.each([
    ['R-PKP-2: no overrides', undefined, []],
    ['R-PKP-2: overrides that make sense', { pickup: { shortJobLeadMinutes: 90 } }, []],
    [
      'R-PKP-2: a long job told later than a short one, named under body.policy',
      { pickup: { shortJobLeadMinutes: 300 } },
      ['body.policy.pickup.longJobLeadMinutes: A long job is told at least as early as a short one'],
    ],
  ])('%s', (_case, overrides, issues) => {
    expect(validationIssues(() => checkBranchPolicy(overrides))).toEqual(issues);
  });
});

describe('versions of a record (R-ACC-5)', () => {
  it('R-ACC-5: another version than the one read is a 409 naming the current one', () => {
    let thrown: unknown;
    try {
      requireReadVersion('order', 3, 4);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VersionConflictError);
    expect((thrown as VersionConflictError).message).toBe(
      'You read version 3 but the order is at version 4; reload and retry',
    );
    expect((thrown as VersionConflictError).extensions).toEqual({ currentVersion: 4 });
    expect(() => requireReadVersion('order', 4, 4)).not.toThrow();
  });

  it('R-ACC-5: a change is the next version, by whom and when', () => {
    expect(nextVersion({ id: 'X', version: 4 }, { staffId: 'S1' }, '2031-06-11T02:10:00.000Z')).toEqual({
      id: 'X',
      version: 5,
      updatedAt: '2031-06-11T02:10:00.000Z',
      updatedBy: 'S1',
    });
  });
});
