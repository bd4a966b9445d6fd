import { ValidationError } from '../kernel/errors';
import { type Policy, type PolicyOverrides, policyFor, policyIssues } from '../kernel/policy';
import type { Branch } from './schemas';

/** The chain policy with the branch's own lead times and windows (issue 4 item 2). */
export const policyOf = (branch: Pick<Branch, 'policy'>): Policy => policyFor(branch.policy);

/** The branch's lead times and windows merged with the chain's must still make sense (400). */
export function checkBranchPolicy(overrides: PolicyOverrides | undefined): void {
  if (!overrides) return;
  const issues = policyIssues(policyFor(overrides));
  if (issues.length > 0) {
    throw new ValidationError(issues.map((i) => ({ path: `body.policy.${i.path}`, message: i.message })));
  }
}
