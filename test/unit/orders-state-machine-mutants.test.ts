import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  isOpenOrder,
  nextState,
  type OrderAction,
  type OrderState,
  orderStates,
} from '../../shared/orders/rules/state-machine';
import { expectTransition } from '../support/transitions';

/**
 * The repair order's state machine as the store meets it (R-RO-5, R-RO-6): each refusal is a 409
 * that names the state and, in its message and its extensions, exactly the actions the state
 * allows (in the order of the action list); an open order is every order not exited nor
 * cancelled. Built inside each `it` so a mutant of the rules is active when it runs.
 */
describe('a refused order action names the state and what it allows (R-RO-5)', () => {
  it.each<[OrderState, OrderAction, string[]]>([
    ['draft', 'transfer', ['revise', 'confirm', 'cancel', 'decline']],
    ['confirmed', 'confirm', ['cancel', 'recordHandover', 'transfer', 'movePromise']],
    [
      'in_workshop',
      'answerAddOn',
      [
        'assignTeams',
        'requestParts',
        'deliverParts',
        'raiseAddOn',
        'movePromise',
        'completeWork',
        'recordPayment',
      ],
    ],
    [
      'awaiting_addon',
      'completeWork',
      [
        'assignTeams',
        'requestParts',
        'deliverParts',
        'raiseAddOn',
        'answerAddOn',
        'movePromise',
        'recordPayment',
      ],
    ],
    [
      'quality_check',
      'settle',
      ['deliverParts', 'movePromise', 'passInspection', 'failInspection', 'recordPayment'],
    ],
    ['ready', 'exit', ['preparePickup', 'approveDiscount', 'settle', 'recordPayment']],
    ['declined', 'recordPayment', ['approveDiscount', 'settle']],
    ['settled', 'settle', ['recordPayment', 'exit']],
    ['exited', 'cancel', ['recordPayment']],
  ])('%s refuses %s and lists %j', (state, action, allowed) => {
    expect(allowedActions(state)).toEqual(allowed);
    expectTransition(() => nextState(state, action), {
      ok: false,
      message: `An order that is ${state} cannot ${action}; it allows ${allowed.join(', ')}`,
      state,
      allowedActions: allowed,
    });
  });

  it('says a cancelled order allows nothing more, with an empty list', () => {
    expect(allowedActions('cancelled')).toEqual([]);
    expectTransition(() => nextState('cancelled', 'recordPayment'), {
      ok: false,
      message: 'An order that is cancelled cannot recordPayment; it allows nothing more',
      state: 'cancelled',
      allowedActions: [],
    });
  });

  it.each<[OrderState, OrderAction, OrderState]>([
    ['draft', 'revise', 'draft'],
    ['draft', 'confirm', 'confirmed'],
    ['confirmed', 'recordHandover', 'confirmed'],
    ['in_workshop', 'completeWork', 'in_workshop'],
    ['awaiting_addon', 'raiseAddOn', 'awaiting_addon'],
    ['quality_check', 'failInspection', 'in_workshop'],
    ['settled', 'exit', 'exited'],
  ])('%s allows %s, which leads to %s', (state, action, next) => {
    expectTransition(() => nextState(state, action), { ok: true, message: '', state, allowedActions: [] });
    expect(nextState(state, action)).toBe(next);
  });
});

describe('an open order: until the car left or the order was cancelled (R-RO-6)', () => {
  it.each<[OrderState, boolean]>([
    ['draft', true],
    ['confirmed', true],
    ['in_workshop', true],
    ['awaiting_addon', true],
    ['quality_check', true],
    ['ready', true],
    ['declined', true],
    ['settled', true],
    ['exited', false],
    ['cancelled', false],
  ])('%s is open: %s', (state, open) => {
    expect(isOpenOrder(state)).toBe(open);
  });

  it('leaves exactly the exited and cancelled orders closed', () => {
    expect(orderStates.filter((s) => !isOpenOrder(s))).toEqual(['exited', 'cancelled']);
  });
});
