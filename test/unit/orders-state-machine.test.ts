import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../../shared/kernel/errors';
import {
  allowedActions,
  nextState,
  type OrderAction,
  type OrderState,
  orderActions,
  orderStates,
} from '../../shared/orders/rules/state-machine';

/**
 * Every (state, action) pair of the repair order (R-RO-5): the expected next state, or `null`
 * when the action is refused. A new state or action fails the completeness test until it is here.
 */
const expected: Record<OrderState, Partial<Record<OrderAction, OrderState>>> = {
  draft: { revise: 'draft', confirm: 'confirmed', cancel: 'cancelled', decline: 'declined' },
  confirmed: {
    cancel: 'cancelled',
    recordHandover: 'confirmed',
    transfer: 'in_workshop',
    movePromise: 'confirmed',
  },
  in_workshop: {
    assignTeams: 'in_workshop',
    requestParts: 'in_workshop',
    deliverParts: 'in_workshop',
    raiseAddOn: 'awaiting_addon',
    movePromise: 'in_workshop',
    completeWork: 'in_workshop',
    recordPayment: 'in_workshop',
  },
  awaiting_addon: {
    assignTeams: 'awaiting_addon',
    requestParts: 'awaiting_addon',
    deliverParts: 'awaiting_addon',
    raiseAddOn: 'awaiting_addon',
    answerAddOn: 'awaiting_addon',
    movePromise: 'awaiting_addon',
    recordPayment: 'awaiting_addon',
  },
  quality_check: {
    deliverParts: 'quality_check',
    movePromise: 'quality_check',
    passInspection: 'ready',
    failInspection: 'in_workshop',
    recordPayment: 'quality_check',
  },
  ready: { preparePickup: 'ready', approveDiscount: 'ready', settle: 'settled', recordPayment: 'ready' },
  declined: { approveDiscount: 'declined', settle: 'settled' },
  settled: { recordPayment: 'settled', exit: 'exited' },
  exited: { recordPayment: 'exited' },
  cancelled: {},
};

const pairs = orderStates.flatMap((state) =>
  orderActions.map((action) => [state, action, expected[state][action] ?? null] as const),
);

describe('the repair order state machine (R-RO-5)', () => {
  it.each(pairs)('%s + %s → %s', (state, action, next) => {
    if (next) {
      expect(nextState(state, action)).toBe(next);
    } else {
      expect(() => nextState(state, action)).toThrow(InvalidTransitionError);
    }
  });

  it('names the current state and the allowed actions when it refuses', () => {
    try {
      nextState('exited', 'cancel');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTransitionError);
      const e = error as InvalidTransitionError;
      expect(e.status).toBe(409);
      expect(e.message).toContain('exited');
      expect(e.extensions).toMatchObject({ state: 'exited', allowedActions: ['recordPayment'] });
    }
  });

  it('allows cancelling only until work starts (R-REC-2)', () => {
    expect(orderStates.filter((s) => allowedActions(s).includes('cancel'))).toEqual(['draft', 'confirmed']);
  });
});
