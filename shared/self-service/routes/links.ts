import * as z from 'zod';
import type { Role } from '../../kernel/access';
import { branchId } from '../../kernel/schemas';
import { defineRoute } from '../../platform/http/contract';
import {
  addOnParams,
  answerAddOnByLinkBody,
  link,
  linkList,
  linkParams,
  linksQuery,
  linkView,
  moveRequestBody,
} from '../schemas/links';

/**
 * Self-service links (R-SELF-1): the public routes a link's token authorises (`auth: 'link'`, no
 * JWT, header `x-link-token`, each seeing only the link's own record), and the staff routes that
 * list and revoke a record's links.
 */
const tag = 'Self-service';
const staff: readonly Role[] = ['advisor', 'supervisor'];

export const showLinkRoute = /* @__PURE__ */ defineRoute({
  id: 'showLink',
  method: 'GET',
  path: '/public/link',
  entry: 'functions/self-service/show-link.ts',
  summary:
    "What the link is for and its record as the customer sees it: the branch, the order's state, promise, next notice, agreed lines and totals and pending add-on items; or the appointment; or the survey. Changes nothing (R-SELF-1)",
  tag,
  auth: 'link',
  roles: [],
  response: linkView,
});

export const answerAddOnByLinkRoute = /* @__PURE__ */ defineRoute({
  id: 'answerAddOnByLink',
  method: 'POST',
  path: '/public/link/add-ons/{addOnId}/answer',
  entry: 'functions/self-service/answer-add-on.ts',
  summary:
    "The customer approves or declines one pending add-on item of the link's order: the advisor's rules and one transaction (channel link); approval adds the lines and moves the promise; the link is spent once no item is pending (R-ADD-2, R-ADD-3, R-SELF-1)",
  tag,
  auth: 'link',
  roles: [],
  params: addOnParams,
  body: answerAddOnByLinkBody,
  response: linkView,
});

export const confirmAppointmentByLinkRoute = /* @__PURE__ */ defineRoute({
  id: 'confirmAppointmentByLink',
  method: 'POST',
  path: '/public/link/appointment/confirm',
  entry: 'functions/self-service/confirm-appointment.ts',
  summary:
    "The customer confirms the link's appointment (method link); the link is spent (R-APT-1, R-SELF-1)",
  tag,
  auth: 'link',
  roles: [],
  response: linkView,
});

export const requestAppointmentMoveRoute = /* @__PURE__ */ defineRoute({
  id: 'requestAppointmentMove',
  method: 'POST',
  path: '/public/link/appointment/move-request',
  entry: 'functions/self-service/move-request.ts',
  summary:
    "The customer asks to move the link's appointment: a call-back duty for the advisor within the hour, with the times they prefer; the link is spent (R-APT-1, R-SELF-1)",
  tag,
  auth: 'link',
  roles: [],
  body: moveRequestBody,
  response: linkView,
});

export const listLinksRoute = /* @__PURE__ */ defineRoute({
  id: 'listLinks',
  method: 'GET',
  path: '/branches/{branchId}/links',
  entry: 'functions/self-service/list-links.ts',
  summary: "A record's self-service links: purpose, expiry, spent or revoked; never a token (R-SELF-1)",
  tag,
  roles: staff,
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  query: linksQuery,
  response: linkList,
});

export const revokeLinkRoute = /* @__PURE__ */ defineRoute({
  id: 'revokeLink',
  method: 'POST',
  path: '/branches/{branchId}/links/{linkId}/revoke',
  entry: 'functions/self-service/revoke-link.ts',
  summary: 'Withdraw a self-service link: its next call is 410 link-revoked (R-SELF-1)',
  tag,
  roles: staff,
  params: linkParams,
  response: link,
});
