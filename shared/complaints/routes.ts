import * as z from 'zod';
import type { Role } from '../kernel/access';
import { branchId } from '../kernel/schemas';
import { defineRoute } from '../platform/http/contract';
import {
  answerComplaintBody,
  closeComplaintBody,
  complaint,
  complaintParams,
  openComplaintBody,
  promiseComplaintBody,
  solveComplaintBody,
} from './schemas';

/**
 * Complaint cases 投訴處理 (R-CMP-1..4): advisors, follow-up agents and the supervisor take and
 * handle them; the register lists them (GET /branches/{b}/registers/complaint, CSV too).
 */
const handlers: readonly Role[] = ['advisor', 'follow-up', 'supervisor'];
const tag = 'Complaints';

export const openComplaintRoute = /* @__PURE__ */ defineRoute({
  id: 'openComplaint',
  method: 'POST',
  path: '/branches/{branchId}/complaints',
  entry: 'functions/complaints/open.ts',
  summary:
    "Take a complaint: the customer's words, category, order or vehicle; answered at once or a promised response time (a duty that escalates when missed) (R-CMP-1, R-CMP-2, R-CMP-4)",
  tag,
  roles: handlers,
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  body: openComplaintBody,
  response: complaint,
  status: 201,
  idempotent: true,
});

export const getComplaintRoute = /* @__PURE__ */ defineRoute({
  id: 'getComplaint',
  method: 'GET',
  path: '/branches/{branchId}/complaints/{complaintId}',
  entry: 'functions/complaints/get.ts',
  summary: 'A complaint case (R-CMP-1..3)',
  tag,
  roles: handlers,
  params: complaintParams,
  response: complaint,
});

export const answerComplaintRoute = /* @__PURE__ */ defineRoute({
  id: 'answerComplaint',
  method: 'POST',
  path: '/branches/{branchId}/complaints/{complaintId}/answer',
  entry: 'functions/complaints/answer.ts',
  summary:
    'Record the answer: the response duty is done; response time and whether it kept the promise (R-CMP-2, R-CMP-3)',
  tag,
  roles: handlers,
  params: complaintParams,
  body: answerComplaintBody,
  response: complaint,
});

export const promiseComplaintRoute = /* @__PURE__ */ defineRoute({
  id: 'promiseComplaintResponse',
  method: 'POST',
  path: '/branches/{branchId}/complaints/{complaintId}/promise',
  entry: 'functions/complaints/promise.ts',
  summary:
    'Promise the customer a (new) response time 下次答復時間 and record how they were told: the response duty moves to it (R-CMP-2)',
  tag,
  roles: handlers,
  params: complaintParams,
  body: promiseComplaintBody,
  response: complaint,
});

export const solveComplaintRoute = /* @__PURE__ */ defineRoute({
  id: 'solveComplaint',
  method: 'POST',
  path: '/branches/{branchId}/complaints/{complaintId}/solve',
  entry: 'functions/complaints/solve.ts',
  summary:
    'Record the solution: telling the customer is a duty due before the branch’s day ends (R-CMP-2, R-FUP-4)',
  tag,
  roles: handlers,
  params: complaintParams,
  body: solveComplaintBody,
  response: complaint,
});

export const closeComplaintRoute = /* @__PURE__ */ defineRoute({
  id: 'closeComplaint',
  method: 'POST',
  path: '/branches/{branchId}/complaints/{complaintId}/close',
  entry: 'functions/complaints/close.ts',
  summary: "Record the customer's satisfaction with the answer and close the case (R-CMP-3)",
  tag,
  roles: handlers,
  params: complaintParams,
  body: closeComplaintBody,
  response: complaint,
});
