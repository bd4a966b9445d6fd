import { RuleViolationError, ValidationError } from '../../shared/kernel/errors';

/**
 * What a pure rule refuses, for unit tests: the rule runs, and the error it throws is returned
 * to assert on; a rule that does not refuse fails the test.
 */

/** The 400 or 422 a rule throws (R-X-4: the field or the rule is named). */
export function refusal(act: () => unknown): RuleViolationError | ValidationError {
  try {
    act();
  } catch (error) {
    if (error instanceof RuleViolationError || error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the rule did not refuse');
}

/** The fields a 400 names. */
export function validationPaths(act: () => unknown): string[] {
  const error = refusal(act);
  if (!(error instanceof ValidationError)) throw error;
  return error.issues.map((i) => i.path);
}

/** The `path: message` of each issue of a 400, or none when the rule accepts. */
export function validationIssues(act: () => unknown): string[] {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

/** Whatever `act` throws, or `undefined` when it returns: for asserting on an error whole. */
export function thrown(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}
