import type { Actor } from '../kernel/access';
import type { Store } from '../platform/dynamo/client';
import { transact } from '../platform/dynamo/records';
import type { Letter, NewLetter } from './schemas';
import { recordLetterSteps } from './store';

/**
 * The use cases of the letter register that no other area imports from shared/letters/store.ts.
 * Sending, revising and moving a letter (`deliverLetter`, `reviseLetter`, `updateLetterStatus`) are
 * still in the store, where the order duties (shared/orders/duties/performers.ts) import them.
 */

/** Files a new SMS in the register on its own (R-FUP-6); a repeated id is a 409. */
export async function recordLetter(store: Store, input: NewLetter, actor: Actor): Promise<Letter> {
  const { letter, steps } = recordLetterSteps(store, input, actor);
  await transact(store, steps);
  return letter;
}
