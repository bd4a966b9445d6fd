import * as z from 'zod';
import { vehicleId } from '../../archive/schemas/vehicle';
import type { Role } from '../../kernel/access';
import { branchId, page, pageQuery } from '../../kernel/schemas';
import { defineRoute, type RouteContract } from '../../platform/http/contract';
import {
  answerAddOnBody,
  approveDiscountBody,
  declinedWork,
  exitBody,
  failInspectionBody,
  passInspectionBody,
  preparePickupBody,
  raiseAddOnBody,
  recordPaymentBody,
  settleBody,
} from '../schemas/completion-requests';
import { order, orderId } from '../schemas/order';

/**
 * The completion actions of a repair order: add-on items (R-ADD-1..3), inspection (R-PKP-1,
 * inputs of R-QC), pickup preparation, discount, settlement and payments (R-PKP-4), exit
 * (R-PKP-5). Each is `POST /branches/{branchId}/orders/{orderId}/<action>` with the version read
 * in the body, answering the order; an action its state does not allow is 409 naming the state
 * and the allowed actions; a shop rule that refuses it is 422.
 */
const orderParams = /* @__PURE__ */ z.strictObject({ branchId, orderId });

/* @__NO_SIDE_EFFECTS__ */
function action<TBody extends z.ZodType>(spec: {
  /** The state machine's action (R-RO-5), the last segment of the path. */
  name: string;
  id?: string;
  file: string;
  summary: string;
  roles: readonly Role[];
  body: TBody;
}): RouteContract<typeof orderParams, z.ZodNever, TBody, typeof order> {
  return defineRoute({
    id: spec.id ?? spec.name,
    method: 'POST',
    path: `/branches/{branchId}/orders/{orderId}/${spec.name}`,
    entry: `functions/order-completion/${spec.file}.ts`,
    summary: spec.summary,
    tag: 'Repair orders',
    roles: spec.roles,
    params: orderParams,
    body: spec.body,
    response: order,
  });
}

export const raiseAddOnRoute = /* @__PURE__ */ action({
  name: 'raiseAddOn',
  file: 'raise-add-on',
  summary: 'The workshop raises an add-on item: reason, priced lines, extra time, safety flag (R-ADD-1)',
  roles: ['team-lead', 'dispatcher'],
  body: raiseAddOnBody,
});

export const answerAddOnRoute = /* @__PURE__ */ action({
  name: 'answerAddOn',
  file: 'answer-add-on',
  summary:
    "Record the customer's answer to an add-on item: approved lines join the order and move the promised time; declined work stays on the vehicle (R-ADD-2, R-ADD-3)",
  roles: ['advisor', 'supervisor'],
  body: answerAddOnBody,
});

export const passInspectionRoute = /* @__PURE__ */ action({
  name: 'passInspection',
  file: 'pass-inspection',
  summary:
    'The inspector passes the car: the inspection record is filed and the car is ready (R-PKP-1, R-QC)',
  roles: ['inspector'],
  body: passInspectionBody,
});

export const failInspectionRoute = /* @__PURE__ */ action({
  name: 'failInspection',
  file: 'fail-inspection',
  summary: 'The inspector fails the car with findings: it goes back to the workshop (R-PKP-1, R-QC)',
  roles: ['inspector'],
  body: failInspectionBody,
});

export const preparePickupRoute = /* @__PURE__ */ action({
  name: 'preparePickup',
  file: 'prepare-pickup',
  summary: 'Record the pickup preparation: cleaned, belongings checked, bills collected (R-PKP-1)',
  roles: ['advisor', 'supervisor'],
  body: preparePickupBody,
});

export const approveDiscountRoute = /* @__PURE__ */ action({
  name: 'approveDiscount',
  file: 'approve-discount',
  summary: 'A supervisor approves a discount, recorded on the order; settlement applies it (R-PKP-4)',
  roles: ['supervisor'],
  body: approveDiscountBody,
});

export const settleRoute = /* @__PURE__ */ action({
  name: 'settle',
  id: 'settleOrder',
  file: 'settle',
  summary:
    'Issue the settlement: lines, fees, approved discount, the deposits recorded before it deducted, amount due; 422 before pickup preparation (R-PKP-4)',
  roles: ['cashier', 'supervisor'],
  body: settleBody,
});

export const recordPaymentRoute = /* @__PURE__ */ action({
  name: 'recordPayment',
  file: 'record-payment',
  summary:
    'Record a payment: from the start of work until the settlement a deposit (never above the bill so far less the discount), after it one of several partial payments (never above the outstanding amount); 422 otherwise (R-PKP-4)',
  roles: ['cashier'],
  body: recordPaymentBody,
});

export const exitRoute = /* @__PURE__ */ action({
  name: 'exit',
  id: 'exitOrder',
  file: 'exit',
  summary:
    "The car leaves: documents handed over, the customer's confirmation, warranty issued, the vehicle's archive updated (R-PKP-5)",
  roles: ['advisor', 'supervisor'],
  body: exitBody,
});

export const listDeclinedWorkRoute = /* @__PURE__ */ defineRoute({
  id: 'listDeclinedWork',
  method: 'GET',
  path: '/branches/{branchId}/vehicles/{vehicleId}/declined-work',
  entry: 'functions/order-completion/declined-work.ts',
  summary:
    'Work the customer declined on this vehicle, still open, to offer again at the next visit (R-ADD-2)',
  tag: 'Vehicles',
  roles: ['advisor', 'supervisor', 'follow-up', 'dispatcher', 'team-lead'],
  params: /* @__PURE__ */ z.strictObject({ branchId, vehicleId }),
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(declinedWork),
});
