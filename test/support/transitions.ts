import { expect } from 'vitest';
import { InvalidTransitionError } from '../../shared/kernel/errors';

/**
 * A state machine's guard, asserted for one state and action: nothing thrown when `ok`, else an
 * InvalidTransitionError with `message` and the state's allowed actions (409 with the list).
 */
export function expectTransition(
  guard: () => void,
  expected: { ok: boolean; message: string; state: string; allowedActions: readonly string[] },
): void {
  let thrown: unknown;
  try {
    guard();
  } catch (error) {
    thrown = error;
  }
  if (expected.ok) {
    expect(thrown).toBeUndefined();
    return;
  }
  expect(thrown).toBeInstanceOf(InvalidTransitionError);
  const error = thrown as InvalidTransitionError;
  expect(error.message).toBe(expected.message);
  expect(error.extensions).toMatchObject({ state: expected.state, allowedActions: expected.allowedActions });
}
