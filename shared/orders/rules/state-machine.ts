import { InvalidTransitionError } from '../../kernel/errors';

/**
 * The one state machine of a repair order (R-RO-5). Every action on an order names itself here;
 * the store refuses an action the current state does not allow with a 409 that names the state
 * and the actions it allows.
 *
 *   draft ──confirm──► confirmed ──transfer──► in_workshop ⇄ awaiting_addon
 *     │                   │                       │
 *     ├─decline─► declined┘(cancel: draft,        └─completeWork─► quality_check ─pass─► ready
 *     │             │      confirmed)                  ▲               │fail
 *     └─cancel─► cancelled                             └───────────────┘
 *   ready ──settle──► settled ──exit──► exited          declined ──settle──► settled
 */
export const orderStates = [
  'draft', // made from an estimate; the customer has not confirmed yet
  'confirmed', // the customer confirmed (signed) the order; handover happens here (R-RO-1, R-RO-3)
  'in_workshop', // transferred to the workshop; teams at work (R-RO-4, R-WS-2)
  'awaiting_addon', // an add-on item waits for the customer's answer (R-ADD-1)
  'quality_check', // the team finished; in the inspector's queue (R-WS-4, R-PKP-1)
  'ready', // passed inspection; cleaning, belongings and bills before pickup (R-PKP-1)
  'declined', // the customer declined after diagnosis or estimate; fees due, car leaves (R-REC-2)
  'settled', // the bill is issued; payments may still be outstanding (R-PKP-4)
  'exited', // the car left with its documents; the order is closed (R-PKP-5)
  'cancelled', // cancelled before work started
] as const;
export type OrderState = (typeof orderStates)[number];

/**
 * R-RO-6: an order is open until the car left or the order was cancelled; a vehicle has one open
 * order at a time (a settled car still stands in the shop until it exits).
 */
export const isOpenOrder = (state: OrderState): boolean => state !== 'exited' && state !== 'cancelled';

export const orderActions = [
  'revise', // change lines or the promised time of a draft
  'confirm',
  'cancel',
  'decline',
  'recordHandover',
  'transfer',
  'assignTeams',
  'requestParts',
  'deliverParts',
  'raiseAddOn',
  'answerAddOn',
  'movePromise',
  'completeWork',
  'passInspection',
  'failInspection',
  'preparePickup',
  'approveDiscount',
  'settle',
  'recordPayment',
  'exit',
] as const;
export type OrderAction = (typeof orderActions)[number];

const workshop: OrderState[] = ['in_workshop', 'awaiting_addon'];

/** Where each action may happen, and where it leads (`undefined`: the state stays). */
const transitions: Record<OrderAction, { from: OrderState[]; to?: OrderState }> = {
  revise: { from: ['draft'] },
  confirm: { from: ['draft'], to: 'confirmed' },
  // Cancelling is possible until work starts (the transfer to the workshop).
  cancel: { from: ['draft', 'confirmed'], to: 'cancelled' },
  decline: { from: ['draft'], to: 'declined' },
  recordHandover: { from: ['confirmed'] },
  transfer: { from: ['confirmed'], to: 'in_workshop' },
  assignTeams: { from: workshop },
  requestParts: { from: workshop },
  deliverParts: { from: [...workshop, 'quality_check'] },
  raiseAddOn: { from: workshop, to: 'awaiting_addon' },
  // The store decides between staying (more add-ons open) and going back to the workshop.
  answerAddOn: { from: ['awaiting_addon'] },
  movePromise: { from: ['confirmed', ...workshop, 'quality_check'] },
  // The store moves to quality_check when the last team on the order is done (R-WS-4).
  completeWork: { from: ['in_workshop'] },
  passInspection: { from: ['quality_check'], to: 'ready' },
  failInspection: { from: ['quality_check'], to: 'in_workshop' },
  preparePickup: { from: ['ready'] },
  approveDiscount: { from: ['ready', 'declined'] },
  settle: { from: ['ready', 'declined'], to: 'settled' },
  // Receivables (欠收) may be paid after the car left.
  // Before the settlement a payment is a deposit (from the start of work: no refund needed for a
  // cancelled order); after it, a payment of the amount due.
  recordPayment: { from: [...workshop, 'quality_check', 'ready', 'settled', 'exited'] },
  exit: { from: ['settled'], to: 'exited' },
};

export function allowedActions(state: OrderState): OrderAction[] {
  return orderActions.filter((a) => transitions[a].from.includes(state));
}

/** The state after `action`, or an InvalidTransitionError naming the state and what it allows. */
export function nextState(state: OrderState, action: OrderAction): OrderState {
  const rule = transitions[action];
  if (!rule.from.includes(state)) {
    throw new InvalidTransitionError(
      `An order that is ${state} cannot ${action}; it allows ${allowedActions(state).join(', ') || 'nothing more'}`,
      state,
      allowedActions(state),
    );
  }
  return rule.to ?? state;
}

/** States in which the order still occupies the workshop or the key cabinet. */
const _openStates: readonly OrderState[] = [
  'draft',
  'confirmed',
  'in_workshop',
  'awaiting_addon',
  'quality_check',
  'ready',
  'declined',
  'settled',
];
