import * as z from 'zod';
import { branchRoles } from '../../kernel/access';
import { branchId } from '../../kernel/schemas';
import { defineRoute } from '../../platform/http/contract';
import { estimateId } from '../schemas/estimate';
import {
  createEstimateBody,
  declineEstimateBody,
  estimateActionBody,
  estimateRecord,
  reviseEstimateBody,
} from '../schemas/estimate-requests';
import { receptionists } from './visits';

/**
 * Estimates 維修估價單 (R-EST-1..3). Advisors and supervisors price work with the customer; every
 * branch role reads an estimate. The server prices every line and computes every total.
 */
const branchParams = /* @__PURE__ */ z.strictObject({ branchId });
const estimateParams = /* @__PURE__ */ z.strictObject({ branchId, estimateId });

export const createEstimateRoute = /* @__PURE__ */ defineRoute({
  id: 'createEstimate',
  method: 'POST',
  path: '/branches/{branchId}/estimates',
  entry: 'functions/estimates/create.ts',
  summary:
    "Price work for a customer's vehicle by system, symptom (risk premium) or item; the server computes every amount, total and notice",
  tag: 'Estimates',
  roles: receptionists,
  params: branchParams,
  body: createEstimateBody,
  response: estimateRecord,
  status: 201,
  idempotent: true,
});

export const getEstimateRoute = /* @__PURE__ */ defineRoute({
  id: 'getEstimate',
  method: 'GET',
  path: '/branches/{branchId}/estimates/{estimateId}',
  entry: 'functions/estimates/get.ts',
  summary: 'Read an estimate with its priced lines, totals and notices',
  tag: 'Estimates',
  roles: branchRoles,
  params: estimateParams,
  response: estimateRecord,
});

export const reviseEstimateRoute = /* @__PURE__ */ defineRoute({
  id: 'reviseEstimate',
  method: 'PATCH',
  path: '/branches/{branchId}/estimates/{estimateId}',
  entry: 'functions/estimates/revise.ts',
  summary:
    'Revise the lines, method or risk premium of a draft or presented estimate (it goes back to draft)',
  tag: 'Estimates',
  roles: receptionists,
  params: estimateParams,
  body: reviseEstimateBody,
  response: estimateRecord,
});

export const presentEstimateRoute = /* @__PURE__ */ defineRoute({
  id: 'presentEstimate',
  method: 'POST',
  path: '/branches/{branchId}/estimates/{estimateId}/present',
  entry: 'functions/estimates/present.ts',
  summary: 'Record that the estimate and its notices were shown to the customer',
  tag: 'Estimates',
  roles: receptionists,
  params: estimateParams,
  body: estimateActionBody,
  response: estimateRecord,
});

export const acceptEstimateRoute = /* @__PURE__ */ defineRoute({
  id: 'acceptEstimate',
  method: 'POST',
  path: '/branches/{branchId}/estimates/{estimateId}/accept',
  entry: 'functions/estimates/accept.ts',
  summary: 'Record that the customer accepted the presented estimate',
  tag: 'Estimates',
  roles: receptionists,
  params: estimateParams,
  body: estimateActionBody,
  response: estimateRecord,
});

export const declineEstimateRoute = /* @__PURE__ */ defineRoute({
  id: 'declineEstimate',
  method: 'POST',
  path: '/branches/{branchId}/estimates/{estimateId}/decline',
  entry: 'functions/estimates/decline.ts',
  summary: 'Record that the customer declined the estimate (fees are billed on the order, R-REC-2)',
  tag: 'Estimates',
  roles: receptionists,
  params: estimateParams,
  body: declineEstimateBody,
  response: estimateRecord,
});
