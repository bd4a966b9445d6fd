import * as z from 'zod';
import { duty } from '../../duty-engine/schemas';
import { branchRoles, type Role } from '../../kernel/access';
import { branchId, page, pageQuery, ulidId } from '../../kernel/schemas';
import { defineRoute } from '../../platform/http/contract';
import { order } from '../schemas/order';
import {
  assignTeamsBody,
  cancelOrderBody,
  completeWorkBody,
  confirmOrderBody,
  createOrderBody,
  declineOrderBody,
  deliverPartsBody,
  jobBoardQuery,
  movePromiseBody,
  recordHandoverBody,
  requestPartsBody,
  reviseOrderBody,
  transferOrderBody,
} from '../schemas/order-requests';

/**
 * The repair order from its creation to the inspector's queue (R-RO-1..5, R-WS-2/4/5, R-REC-2).
 * Reception (advisor, supervisor) makes, confirms, hands over and transfers; the workshop
 * (dispatcher, team leads, parts clerk) assigns, requests and delivers parts and finishes. Every
 * action is `POST …/orders/{orderId}/<action>` with the version read, and answers the order.
 */
export const reception: readonly Role[] = ['advisor', 'supervisor'];

const branchParams = /* @__PURE__ */ z.strictObject({ branchId });
const orderParams = /* @__PURE__ */ z.strictObject({ branchId, orderId: ulidId });

export const createOrderRoute = /* @__PURE__ */ defineRoute({
  id: 'createOrder',
  method: 'POST',
  path: '/branches/{branchId}/orders',
  entry: 'functions/orders/create.ts',
  summary: 'Make a draft repair order from an estimate, with the promised time (R-RO-1, R-RO-2)',
  tag: 'Repair orders',
  roles: reception,
  params: branchParams,
  body: createOrderBody,
  response: order,
  status: 201,
  idempotent: true,
});

export const getOrderRoute = /* @__PURE__ */ defineRoute({
  id: 'getOrder',
  method: 'GET',
  path: '/branches/{branchId}/orders/{orderId}',
  entry: 'functions/orders/get.ts',
  summary: 'Read a repair order with its handover, transfer, teams, parts requests and the rest',
  tag: 'Repair orders',
  roles: branchRoles,
  params: orderParams,
  response: order,
});

export const orderDutiesRoute = /* @__PURE__ */ defineRoute({
  id: 'orderDuties',
  method: 'GET',
  path: '/branches/{branchId}/orders/{orderId}/duties',
  entry: 'functions/orders/duties.ts',
  summary:
    'Every duty of a repair order, sent or not, in the order they were scheduled: its kind, assignee, when it opens and falls due (fireAt: when the SMS goes), its status, when it was done or completed and, for an SMS, its letter (R-X-5)',
  tag: 'Repair orders',
  roles: branchRoles,
  params: orderParams,
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(duty),
});

export const jobBoardRoute = /* @__PURE__ */ defineRoute({
  id: 'jobBoard',
  method: 'GET',
  path: '/branches/{branchId}/orders',
  entry: 'functions/orders/job-board.ts',
  summary:
    "The job board: every open order of the branch grouped by state in lifecycle order, earliest promise first, or one state's column with `state` (quality_check is the inspector's queue) (R-WS-2, R-WS-4)",
  tag: 'Repair orders',
  roles: branchRoles,
  params: branchParams,
  query: jobBoardQuery,
  response: /* @__PURE__ */ page(order),
});

export const listTeamsRoute = /* @__PURE__ */ defineRoute({
  id: 'listTeams',
  method: 'GET',
  path: '/branches/{branchId}/workshop/teams',
  entry: 'functions/orders/teams.ts',
  summary: "The branch's teams (staff holding team-lead) and their open jobs, least loaded first (R-WS-2)",
  tag: 'Repair orders',
  roles: ['dispatcher', 'team-lead', 'advisor', 'supervisor'],
  params: branchParams,
  response: /* @__PURE__ */ z.object({
    items: z.array(z.object({ teamId: z.string(), teamName: z.string(), open: z.number().int() })),
  }),
});

/* @__NO_SIDE_EFFECTS__ */
function actionRoute<TBody extends z.ZodType>(spec: {
  id: string;
  action: string;
  file: string;
  summary: string;
  roles: readonly Role[];
  body: TBody;
}) {
  return defineRoute({
    id: spec.id,
    method: 'POST',
    path: `/branches/{branchId}/orders/{orderId}/${spec.action}`,
    entry: `functions/orders/${spec.file}.ts`,
    summary: spec.summary,
    tag: 'Repair orders',
    roles: spec.roles,
    params: orderParams,
    body: spec.body,
    response: order,
  });
}

export const reviseOrderRoute = /* @__PURE__ */ actionRoute({
  id: 'reviseOrder',
  action: 'revise',
  file: 'revise',
  summary: 'Change the lines, pricing or promised time of a draft; priced again by the server',
  roles: reception,
  body: reviseOrderBody,
});

export const confirmOrderRoute = /* @__PURE__ */ actionRoute({
  id: 'confirmOrder',
  action: 'confirm',
  file: 'confirm',
  summary: "Record the customer's confirmation (signature) of the order: who, how, when (R-RO-1)",
  roles: reception,
  body: confirmOrderBody,
});

export const cancelOrderRoute = /* @__PURE__ */ actionRoute({
  id: 'cancelOrder',
  action: 'cancel',
  file: 'cancel',
  summary: 'Cancel an order before work starts; its key cabinet slot is freed',
  roles: reception,
  body: cancelOrderBody,
});

export const declineOrderRoute = /* @__PURE__ */ actionRoute({
  id: 'declineOrder',
  action: 'decline',
  file: 'decline',
  summary: 'The customer declines the work: the order keeps the diagnosis or estimate fees (R-REC-2)',
  roles: reception,
  body: declineOrderBody,
});

export const recordHandoverRoute = /* @__PURE__ */ actionRoute({
  id: 'recordHandover',
  action: 'recordHandover',
  file: 'record-handover',
  summary:
    'Record the handover: documents, inspection notes, belongings, key tag and slot, fuel, odometer (R-RO-3)',
  roles: reception,
  body: recordHandoverBody,
});

export const transferOrderRoute = /* @__PURE__ */ actionRoute({
  id: 'transferOrder',
  action: 'transfer',
  file: 'transfer',
  summary:
    'Hand the car to the workshop: receiver and time; a single-team job goes to the least loaded team (R-RO-4, R-WS-2)',
  roles: reception,
  body: transferOrderBody,
});

export const assignTeamsRoute = /* @__PURE__ */ actionRoute({
  id: 'assignTeams',
  action: 'assignTeams',
  file: 'assign-teams',
  summary: 'Set the teams working on the order (R-WS-2)',
  roles: ['dispatcher'],
  body: assignTeamsBody,
});

export const requestPartsRoute = /* @__PURE__ */ actionRoute({
  id: 'requestParts',
  action: 'requestParts',
  file: 'request-parts',
  summary: 'Ask the parts clerk for parts (R-WS-5)',
  roles: ['team-lead', 'dispatcher'],
  body: requestPartsBody,
});

export const deliverPartsRoute = /* @__PURE__ */ actionRoute({
  id: 'deliverParts',
  action: 'deliverParts',
  file: 'deliver-parts',
  summary: 'Deliver the parts of a request to the team (R-WS-5)',
  roles: ['parts-clerk'],
  body: deliverPartsBody,
});

export const completeWorkRoute = /* @__PURE__ */ actionRoute({
  id: 'completeWork',
  action: 'completeWork',
  file: 'complete-work',
  summary: "A team's work is done; when every team is done the car enters the inspector's queue (R-WS-4)",
  roles: ['team-lead', 'dispatcher'],
  body: completeWorkBody,
});

export const movePromiseRoute = /* @__PURE__ */ actionRoute({
  id: 'movePromise',
  action: 'movePromise',
  file: 'move-promise',
  summary: 'Move the promised completion time, with the reason (R-RO-2)',
  roles: reception,
  body: movePromiseBody,
});
