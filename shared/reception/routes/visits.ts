import * as z from 'zod';
import { branchRoles, type Role } from '../../kernel/access';
import { branchId } from '../../kernel/schemas';
import { defineRoute } from '../../platform/http/contract';
import {
  diagnosis,
  diagnosisId,
  recordDiagnosisBody,
  showDiagnosisBody,
  visitWithDiagnoses,
} from '../schemas/diagnosis';
import { closeVisitBody, createVisitBody, visit, visitId } from '../schemas/visit';

/**
 * Reception (R-REC-1, R-REC-2): visits and diagnosis reports. Advisors and supervisors receive
 * customers; a diagnosis may also be written by the workshop's team leads and inspectors (the
 * seed's technical staff, reception rule 2). Every branch role reads them. Visits are listed per
 * day by the register (`BR#<b>#REG#visit`, R-REG-1).
 */
export const receptionists: readonly Role[] = ['advisor', 'supervisor'];
export const diagnosticians: readonly Role[] = ['advisor', 'supervisor', 'team-lead', 'inspector'];

const branchParams = /* @__PURE__ */ z.strictObject({ branchId });
const visitParams = /* @__PURE__ */ z.strictObject({ branchId, visitId });
const diagnosisParams = /* @__PURE__ */ z.strictObject({ branchId, visitId, diagnosisId });

export const createVisitRoute = /* @__PURE__ */ defineRoute({
  id: 'createVisit',
  method: 'POST',
  path: '/branches/{branchId}/visits',
  entry: 'functions/visits/create.ts',
  summary:
    'Log an arrival: purpose, customer and vehicle (a walk-in consultation may give a name and phone), new or returning',
  tag: 'Reception',
  roles: receptionists,
  params: branchParams,
  body: createVisitBody,
  response: visit,
  status: 201,
  idempotent: true,
});

export const getVisitRoute = /* @__PURE__ */ defineRoute({
  id: 'getVisit',
  method: 'GET',
  path: '/branches/{branchId}/visits/{visitId}',
  entry: 'functions/visits/get.ts',
  summary: 'Read a visit and its diagnosis reports',
  tag: 'Reception',
  roles: branchRoles,
  params: visitParams,
  response: visitWithDiagnoses,
});

export const closeVisitRoute = /* @__PURE__ */ defineRoute({
  id: 'closeVisit',
  method: 'POST',
  path: '/branches/{branchId}/visits/{visitId}/close',
  entry: 'functions/visits/close.ts',
  summary: 'Close a visit with its outcome: a consultation answered on the spot needs no order',
  tag: 'Reception',
  roles: receptionists,
  params: visitParams,
  body: closeVisitBody,
  response: visit,
});

export const recordDiagnosisRoute = /* @__PURE__ */ defineRoute({
  id: 'recordDiagnosis',
  method: 'POST',
  path: '/branches/{branchId}/visits/{visitId}/diagnosis',
  entry: 'functions/visits/record-diagnosis.ts',
  summary: 'Record a diagnosis report 汽車檢測診斷報告單: findings, recommended work, technician, fee',
  tag: 'Reception',
  roles: diagnosticians,
  params: visitParams,
  body: recordDiagnosisBody,
  response: diagnosis,
  status: 201,
  idempotent: true,
});

export const getDiagnosisRoute = /* @__PURE__ */ defineRoute({
  id: 'getDiagnosis',
  method: 'GET',
  path: '/branches/{branchId}/visits/{visitId}/diagnosis/{diagnosisId}',
  entry: 'functions/visits/get-diagnosis.ts',
  summary: 'Read a diagnosis report',
  tag: 'Reception',
  roles: branchRoles,
  params: diagnosisParams,
  response: diagnosis,
});

export const showDiagnosisRoute = /* @__PURE__ */ defineRoute({
  id: 'showDiagnosis',
  method: 'POST',
  path: '/branches/{branchId}/visits/{visitId}/diagnosis/{diagnosisId}/show',
  entry: 'functions/visits/show-diagnosis.ts',
  summary: 'Record that the diagnosis report was handed to the customer (R-REC-2)',
  tag: 'Reception',
  roles: receptionists,
  params: diagnosisParams,
  body: showDiagnosisBody,
  response: diagnosis,
});
