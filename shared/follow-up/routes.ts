import * as z from 'zod';
import { customerId } from '../archive/schemas/customer';
import type { Role } from '../kernel/access';
import { branchId, page, pageQuery, ulidId } from '../kernel/schemas';
import { defineRoute } from '../platform/http/contract';
import {
  absence,
  call,
  createAbsenceBody,
  endAbsenceBody,
  recordCallBody,
  solveCallItemBody,
} from './schemas';

/**
 * After-sales follow-up (R-FUP-1..6): call records and the call register, solutions to what a
 * call left open, and the absences during which a delegate does an agent's duties. The people
 * who talk to customers record calls; the supervisor manages absences (R-FUP-1).
 */
const callTakers: readonly Role[] = ['follow-up', 'advisor', 'supervisor'];
const solvers: readonly Role[] = ['follow-up', 'supervisor'];

const callParams = /* @__PURE__ */ z.strictObject({ branchId, callId: ulidId });

export const recordCallRoute = /* @__PURE__ */ defineRoute({
  id: 'recordCall',
  method: 'POST',
  path: '/branches/{branchId}/calls',
  entry: 'functions/follow-up/record-call.ts',
  summary:
    'Record a call (follow-up, consultation, complaint, telling a solution): key points, requests, wishes, complaints',
  tag: 'Follow-up',
  roles: callTakers,
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  body: recordCallBody,
  response: call,
  status: 201,
  idempotent: true,
});

export const getCallRoute = /* @__PURE__ */ defineRoute({
  id: 'getCall',
  method: 'GET',
  path: '/branches/{branchId}/calls/{callId}',
  entry: 'functions/follow-up/get-call.ts',
  summary: 'Read a call record',
  tag: 'Follow-up',
  roles: callTakers,
  params: callParams,
  response: call,
});

export const solveCallItemRoute = /* @__PURE__ */ defineRoute({
  id: 'solveCallItem',
  method: 'POST',
  path: '/branches/{branchId}/calls/{callId}/items/{itemId}/solution',
  entry: 'functions/follow-up/solve-call-item.ts',
  summary: 'Record the solution to an open request or complaint; the customer is to be told today (R-FUP-4)',
  tag: 'Follow-up',
  roles: solvers,
  params: /* @__PURE__ */ z.strictObject({
    branchId,
    callId: ulidId,
    itemId: z.string().regex(/^[1-9]\d?$/, 'The item number within the call, 1-20'),
  }),
  body: solveCallItemBody,
  response: call,
});

export const customerCallsRoute = /* @__PURE__ */ defineRoute({
  id: 'customerCalls',
  method: 'GET',
  path: '/branches/{branchId}/customers/{customerId}/calls',
  entry: 'functions/follow-up/customer-calls.ts',
  summary: "A customer's calls, newest first",
  tag: 'Follow-up',
  roles: callTakers,
  params: /* @__PURE__ */ z.strictObject({ branchId, customerId }),
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(call),
});

export const createAbsenceRoute = /* @__PURE__ */ defineRoute({
  id: 'createAbsence',
  method: 'POST',
  path: '/branches/{branchId}/absences',
  entry: 'functions/follow-up/create-absence.ts',
  summary:
    "Record an absence and its delegate: the absent person's open duties move to the delegate (R-FUP-1)",
  tag: 'Follow-up',
  roles: ['supervisor'],
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  body: createAbsenceBody,
  response: absence,
  status: 201,
  idempotent: true,
});

export const listAbsencesRoute = /* @__PURE__ */ defineRoute({
  id: 'listAbsences',
  method: 'GET',
  path: '/branches/{branchId}/absences',
  entry: 'functions/follow-up/list-absences.ts',
  summary: "The branch's absences, latest start first",
  tag: 'Follow-up',
  roles: ['supervisor', 'follow-up'],
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(absence),
});

export const endAbsenceRoute = /* @__PURE__ */ defineRoute({
  id: 'endAbsence',
  method: 'POST',
  path: '/branches/{branchId}/absences/{absenceId}/end',
  entry: 'functions/follow-up/end-absence.ts',
  summary: 'End an absence now (or call off one not begun): the duties the delegate has not done go back',
  tag: 'Follow-up',
  roles: ['supervisor'],
  params: /* @__PURE__ */ z.strictObject({ branchId, absenceId: ulidId }),
  body: endAbsenceBody,
  response: absence,
});
