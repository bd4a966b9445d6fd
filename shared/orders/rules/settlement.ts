import { RuleViolationError, ValidationError } from '../../kernel/errors';
import { addMonths } from '../../kernel/local-time';
import type { Minor } from '../../kernel/money';
import type { Policy } from '../../kernel/policy';
import type { ParsedLineInput, PricedLine, Totals } from '../schemas/lines';
import type { Order } from '../schemas/order';
import { computeTotals, priceLine } from './pricing';

/**
 * Settlement and exit rules (R-PKP-1, R-PKP-4, R-PKP-5, R-REC-2, R-WAR-1). Pure: figures in
 * integer minor units from the order's data and a clock value, never rounded twice.
 */

/**
 * What the bill holds (R-PKP-4): a repaired car pays its lines (approved add-ons have joined
 * them) plus the fees added at the desk; a customer who declined after diagnosis or estimate
 * pays the fees only (R-REC-2): no work was done, so no labour or part line is billed.
 */
export function settlementLines(
  from: 'ready' | 'declined',
  orderLines: readonly PricedLine[],
  extraFees: readonly PricedLine[],
): PricedLine[] {
  const billed = from === 'declined' ? orderLines.filter((l) => l.kind === 'fee') : orderLines;
  return [...billed, ...extraFees];
}

export interface SettlementFigures {
  totals: Totals;
  discount: Minor;
  deposit: Minor;
  /** total − discount − deposit. */
  amountDue: Minor;
  paid: Minor;
  /** Receivable 欠收: amountDue − paid, never below 0. */
  outstanding: Minor;
}

/**
 * R-PKP-4: the settlement 維修結算單. The discount is the one approved on the order (a client
 * cannot send one); discount and deposit together may not exceed the total, so the amount due
 * is never negative.
 */
export function settlementFigures(input: {
  lines: readonly PricedLine[];
  riskPremiumPercent: number;
  discount: Minor;
  deposit: Minor;
  paid?: Minor;
}): SettlementFigures {
  const totals = computeTotals(input.lines, input.riskPremiumPercent);
  const paid = input.paid ?? 0;
  const amountDue = totals.total - input.discount - input.deposit;
  if (amountDue < 0) {
    throw new RuleViolationError(
      `The discount (${input.discount}) and the deposit (${input.deposit}) exceed the total (${totals.total}); the amount due cannot be negative`,
      'R-PKP-4',
    );
  }
  if (paid > amountDue) {
    throw new RuleViolationError(`Payments (${paid}) exceed the amount due (${amountDue})`, 'R-PKP-4');
  }
  return {
    totals,
    discount: input.discount,
    deposit: input.deposit,
    amountDue,
    paid,
    outstanding: amountDue - paid,
  };
}

/** R-PKP-4: several partial payments; one above the outstanding amount is refused. */
export function afterPayment(
  figures: Pick<SettlementFigures, 'amountDue' | 'paid' | 'outstanding'>,
  amount: Minor,
): { paid: Minor; outstanding: Minor } {
  if (amount > figures.outstanding) {
    throw new RuleViolationError(
      `The payment (${amount}) is above the outstanding amount (${figures.outstanding})`,
      'R-PKP-4',
    );
  }
  const paid = figures.paid + amount;
  return { paid, outstanding: figures.amountDue - paid };
}

/** R-PKP-4: deposits together never exceed what the order bills so far (nothing to refund later). */
function checkDeposit(amount: Minor, held: Minor, billed: Minor): void {
  if (held + amount > billed) {
    throw new RuleViolationError(
      `The deposit (${amount}) with those already paid (${held}) is above the bill so far (${billed})`,
      'R-PKP-4',
    );
  }
}

/** R-PKP-4: a supervisor cannot approve a discount larger than what is billed so far. */
export function checkDiscount(amount: Minor, billedTotal: Minor): void {
  if (amount > billedTotal) {
    throw new RuleViolationError(
      `The discount (${amount}) is larger than the bill (${billedTotal})`,
      'R-PKP-4',
    );
  }
}

/**
 * R-PKP-4: the deposits held on an order: the sum of the payments the cashier recorded before the
 * settlement (`recordPayment` marks them `deposit`; before the settlement there is no other kind).
 * Money, never a number typed at the desk.
 */
export function depositsHeld(payments: readonly { amount: Minor }[]): Minor {
  return payments.reduce((sum, p) => sum + p.amount, 0);
}

/** What the bill is drawn from: the fees only for an order the customer declined (R-REC-2). */
const billedAs = (state: Order['state']): 'ready' | 'declined' =>
  state === 'declined' ? 'declined' : 'ready';

type Billable = Pick<Order, 'state' | 'lines' | 'riskPremiumPercent' | 'payments'>;
type Settlement = NonNullable<Order['settlement']>;

/**
 * R-PKP-4: a supervisor approves a discount of at most what is billed so far less the deposits
 * already paid: they stay covered, so there is nothing to refund.
 */
export function checkOrderDiscount(order: Billable, amount: Minor): void {
  // Stryker disable next-line ArrayDeclaration: totals count lines by kind; an entry without one adds nothing
  const billed = settlementLines(billedAs(order.state), order.lines, []);
  checkDiscount(amount, computeTotals(billed, order.riskPremiumPercent).total - depositsHeld(order.payments));
}

/**
 * R-PKP-4: the settlement's lines and figures. A repaired car is settled once its pickup
 * preparation is done (R-PKP-1); a declined order (R-REC-2) settles its fees. The desk's fees are
 * priced here; the discount is the one approved on the order, the deposit what was paid before.
 */
export function orderSettlement(
  order: Billable & Pick<Order, 'discount' | 'pickupPreparation'>,
  fees: readonly ParsedLineInput[],
): { lines: PricedLine[]; figures: SettlementFigures } {
  const from = billedAs(order.state);
  if (from === 'ready') {
    const missing = missingPickupSteps(order.pickupPreparation);
    if (missing.length > 0) {
      throw new RuleViolationError(
        `Pickup preparation is not done: ${missing.join(', ')} (R-PKP-1); record it with preparePickup first`,
        'R-PKP-1',
      );
    }
  }
  const lines = settlementLines(
    from,
    order.lines,
    fees.map((fee) => priceLine(fee, 'settlement')),
  );
  const figures = settlementFigures({
    lines,
    riskPremiumPercent: order.riskPremiumPercent,
    discount: order.discount?.amount ?? 0,
    deposit: depositsHeld(order.payments),
  });
  return { lines, figures };
}

export type PaymentDecision =
  /** Before the settlement: a deposit; `held` is the deposits with this one. */
  | { kind: 'deposit'; held: Minor }
  /** After it: a payment of the amount due, and the settlement after it (paid, outstanding). */
  | { kind: 'payment'; settlement: Settlement };

/**
 * R-PKP-4: a payment the cashier records. Before the settlement it is a deposit, never more with
 * the others than the work on the order so far less the approved discount; after it, one of
 * several partial payments, never above what is outstanding (the receivable 欠收 never goes below 0).
 */
export function paymentOf(
  order: Pick<Order, 'lines' | 'riskPremiumPercent' | 'payments' | 'discount' | 'settlement'>,
  amount: Minor,
): PaymentDecision {
  if (!order.settlement) {
    // Stryker disable next-line StringLiteral,ArrayDeclaration: anything but 'declined' bills every line; totals count lines by kind, an entry without one adds nothing
    const billed = computeTotals(settlementLines('ready', order.lines, []), order.riskPremiumPercent).total;
    const held = depositsHeld(order.payments);
    checkDeposit(amount, held, billed - (order.discount?.amount ?? 0));
    return { kind: 'deposit', held: held + amount };
  }
  return { kind: 'payment', settlement: { ...order.settlement, ...afterPayment(order.settlement, amount) } };
}

/** R-PKP-1: before the customer is told, the car is cleaned, belongings checked, bills collected. */
export function missingPickupSteps(
  preparation: { cleaned: boolean; belongingsChecked: boolean; billsCollected: boolean } | undefined,
): string[] {
  if (!preparation) return ['cleaned', 'belongingsChecked', 'billsCollected'];
  return (['cleaned', 'belongingsChecked', 'billsCollected'] as const).filter((step) => !preparation[step]);
}

export const exitDocuments = [
  'exit_notice',
  'repair_order',
  'settlement',
  'warranty',
  'vehicle_documents',
  'keys',
] as const;
export type ExitDocument = (typeof exitDocuments)[number];

interface ExitSubject {
  decline?: unknown;
  handover?: { documents: { present: boolean }[] } | undefined;
}

/**
 * R-PKP-5: the exit notice, repair order, settlement, quality warranty, vehicle documents and
 * keys go to the customer. A car whose owner declined the work (R-REC-2) leaves with the exit
 * notice and the fee settlement: no signed order and no repair to warrant. Vehicle documents
 * are due back only when the handover received some; keys whenever the shop holds them.
 */
export function requiredExitDocuments(order: ExitSubject): ExitDocument[] {
  const required: ExitDocument[] = order.decline
    ? ['exit_notice', 'settlement']
    : ['exit_notice', 'repair_order', 'settlement', 'warranty'];
  if (order.handover?.documents.some((d) => d.present)) required.push('vehicle_documents');
  if (order.handover || !order.decline) required.push('keys');
  return required;
}

export function missingExitDocuments(
  order: ExitSubject,
  handedOver: readonly ExitDocument[],
): ExitDocument[] {
  return requiredExitDocuments(order).filter((d) => !handedOver.includes(d));
}

/**
 * R-PKP-5: the car leaves once every document it needs is handed over and the customer checked
 * the car and the belongings before signing.
 */
export function checkExit(
  order: ExitSubject,
  exit: { documentsHandedOver: readonly ExitDocument[]; belongingsChecked: boolean },
): void {
  const missing = missingExitDocuments(order, exit.documentsHandedOver);
  if (missing.length > 0) {
    throw new RuleViolationError(`Hand over before the car leaves: ${missing.join(', ')}`, 'R-PKP-5');
  }
  if (!exit.belongingsChecked) {
    throw new RuleViolationError(
      'The customer checks the car and the belongings before signing (R-PKP-5)',
      'R-PKP-5',
    );
  }
}

/**
 * R-ARC-1: whether the exit writes on the vehicle's archive: after a repair always; a car whose
 * owner declined the work only with the odometer of its handover (without one, nothing).
 */
export const exitUpdatesVehicle = (order: ExitSubject & { handover?: { odometerKm: number } | undefined }) =>
  !order.decline || order.handover?.odometerKm !== undefined;

/**
 * R-ARC-1: what the exit writes on the vehicle's archive: the odometer of the handover (if any)
 * and, for a repair only, the maintenance dates (`null`: no next date, the one on file is removed).
 */
export function vehicleAtExit(
  order: ExitSubject & { handover?: { odometerKm: number } | undefined },
  today: string,
  next: string | undefined,
): { odometerKm?: number; lastMaintenanceDate?: string; nextMaintenanceDate?: string | null } {
  const odometerKm = order.handover?.odometerKm;
  return {
    ...(odometerKm !== undefined ? { odometerKm } : {}),
    ...(!order.decline ? { lastMaintenanceDate: today, nextMaintenanceDate: next ?? null } : {}),
  };
}

export interface Warranty {
  until: string;
  km?: number;
  excludes: string[];
}

const dayMs = 86_400_000;

/**
 * R-WAR-1 / R-PKP-5: the quality warranty runs `warrantyDays` from the exit and
 * `warrantyKm` from the odometer at handover; lines without warranty (R-EST-2) are excluded.
 * A declined order repaired nothing: its warranty ends at the exit.
 */
export function warrantyAtExit(
  order: ExitSubject & { lines: readonly PricedLine[]; handover?: { odometerKm: number } | undefined },
  exitAt: string,
  policy: Policy,
): Warranty {
  if (order.decline) return { until: exitAt, excludes: [] };
  const until = new Date(Date.parse(exitAt) + policy.order.warrantyDays * dayMs).toISOString();
  const excludes = order.lines.filter((l) => l.noWarranty).map((l) => l.description);
  const km = order.handover ? order.handover.odometerKm + policy.order.warrantyKm : undefined;
  return { until, ...(km !== undefined ? { km } : {}), excludes };
}

/**
 * R-ARC-1: the next maintenance date recorded at exit. A date the advisor gives wins; else the
 * vehicle's cycle in months from today; else the date on file if it is still ahead; else none.
 */
export function nextMaintenanceAtExit(input: {
  today: string;
  given?: string | undefined;
  cycleMonths?: number | undefined;
  onFile?: string | undefined;
}): string | undefined {
  if (input.given !== undefined) {
    if (input.given <= input.today) {
      throw new ValidationError([
        { path: 'body.nextMaintenanceDate', message: `Give a date after today (${input.today})` },
      ]);
    }
    return input.given;
  }
  if (input.cycleMonths) return addMonths(input.today, input.cycleMonths);
  return input.onFile && input.onFile > input.today ? input.onFile : undefined;
}
