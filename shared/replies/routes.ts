import * as z from 'zod';
import { complaint, complaintCategory } from '../complaints/schemas';
import { duty } from '../duty-engine/schemas';
import type { Role } from '../kernel/access';
import { branchId, expectedVersion, page, pageQuery } from '../kernel/schemas';
import { defineRoute } from '../platform/http/contract';
import {
  answerReplyBody,
  answerReplyResult,
  chainReply,
  optInBody,
  phoneOptOut,
  replyParams,
} from './schemas';

/**
 * The staff inbox of customers' SMS replies (R-SELF-3): a reply is a `customer-reply` duty in the
 * answerer's queue (GET /branches/{branchId}/duties/mine, with the thread in its payload); it is
 * answered here, turned into a complaint case (R-CMP-4), or marked done with the generic
 * completion. The inbound messages themselves come from the SNS topic (functions/replies/inbound.ts).
 */
const answerers: readonly Role[] = ['advisor', 'supervisor', 'follow-up'];
const tag = 'Replies';

export const answerReplyRoute = /* @__PURE__ */ defineRoute({
  id: 'answerReply',
  method: 'POST',
  path: '/branches/{branchId}/replies/{dutyId}/answer',
  entry: 'functions/replies/answer.ts',
  summary:
    "Answer a customer's SMS reply: free text within the segment limit or a reply template, sent as an SMS through the letter register (paced, after quiet hours); the duty is done (R-SELF-3, R-X-1)",
  tag,
  roles: answerers,
  params: replyParams,
  body: answerReplyBody,
  response: answerReplyResult,
});

export const replyComplaintRoute = /* @__PURE__ */ defineRoute({
  id: 'replyComplaint',
  method: 'POST',
  path: '/branches/{branchId}/replies/{dutyId}/complaint',
  entry: 'functions/replies/complaint.ts',
  summary:
    "Turn a customer's SMS reply into a complaint case (channel sms_reply, their words, the inbound letter); the reply's duty is done (R-CMP-4)",
  tag,
  roles: answerers,
  params: replyParams,
  body: /* @__PURE__ */ z.strictObject({ version: expectedVersion, category: complaintCategory }),
  response: /* @__PURE__ */ z.object({ duty, complaint }).meta({ id: 'ReplyComplaint' }),
  status: 201,
});

export const smsOptInRoute = /* @__PURE__ */ defineRoute({
  id: 'smsOptIn',
  method: 'POST',
  path: '/branches/{branchId}/sms-opt-in',
  entry: 'functions/replies/opt-in.ts',
  summary:
    "Opt a phone that opted out by reply back in, only with the customer's recorded consent (who, when, how); 422 R-SELF-3 without it",
  tag,
  roles: ['advisor', 'supervisor'],
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  body: optInBody,
  response: phoneOptOut,
});

export const chainRepliesRoute = /* @__PURE__ */ defineRoute({
  id: 'chainReplies',
  method: 'GET',
  path: '/replies/unmatched',
  entry: 'functions/replies/unmatched.ts',
  summary:
    'The chain-level queue: SMS replies from phones no branch has on file and no message of ours went to, newest first (R-SELF-3)',
  tag,
  roles: ['hq', 'admin'],
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(chainReply),
});
