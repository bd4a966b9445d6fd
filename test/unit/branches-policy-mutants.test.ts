import { describe, expect, it } from 'vitest';
import { checkBranchPolicy } from '../../shared/branches/rules';
import type { PolicyOverrides } from '../../shared/kernel/policy';

/**
 * Survivors of the mutation run of shared/branches/rules.ts (issue 14 item 4): a branch whose own
 * lead times and windows make sense with the chain's is accepted, with no 400 at all (not a 400
 * that names nothing).
 */
describe('a branch policy that makes sense (R-PKP-2, R-X-4)', () => {
  it.each<[string, () => PolicyOverrides | undefined]>([
    ['R-PKP-2: no overrides', () => undefined],
    ['R-PKP-2: empty overrides', () => ({})],
    ['R-PKP-2: a shorter lead time for short jobs', () => ({ pickup: { shortJobLeadMinutes: 30 } })],
    [
      'R-PKP-2: short and long jobs told at the same lead time',
      () => ({ pickup: { shortJobLeadMinutes: 120, longJobLeadMinutes: 120 } }),
    ],
  ])('%s is accepted', (_case, overrides) => {
    expect(() => checkBranchPolicy(overrides())).not.toThrow();
  });
});
