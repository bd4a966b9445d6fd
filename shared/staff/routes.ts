import * as z from 'zod';
import { branchId, page, pageQuery } from '../kernel/schemas';
import { defineRoute } from '../platform/http/contract';
import { createStaffBody, staff, staffId, staffMember, updateStaffBody } from './schemas';

/**
 * Staff records (R-ACC-2, R-HR-1). The role lists below are the first gate; who may touch whose
 * record (hr only at their own branches, branch staff only people they share a branch with) is
 * decided by shared/staff/rules.ts (R-ACC-3).
 */
const staffParams = /* @__PURE__ */ z.strictObject({ staffId });

export const createStaffRoute = /* @__PURE__ */ defineRoute({
  id: 'createStaff',
  method: 'POST',
  path: '/staff',
  entry: 'functions/staff/create.ts',
  summary: 'Hire a person: login, roles, branches, status and contract dates (hr at their own branches)',
  tag: 'Staff',
  roles: ['admin', 'hr'],
  body: createStaffBody,
  response: staff,
  status: 201,
  idempotent: true,
});

export const getStaffRoute = /* @__PURE__ */ defineRoute({
  id: 'getStaff',
  method: 'GET',
  path: '/staff/{staffId}',
  entry: 'functions/staff/get.ts',
  summary: 'Read a staff record (hr and supervisors: people who share a branch with them)',
  tag: 'Staff',
  roles: ['admin', 'hq', 'hr', 'supervisor'],
  params: staffParams,
  response: staff,
});

export const updateStaffRoute = /* @__PURE__ */ defineRoute({
  id: 'updateStaff',
  method: 'PATCH',
  path: '/staff/{staffId}',
  entry: 'functions/staff/update.ts',
  summary: 'Change roles, branches, status, contact or contract dates on top of the version read',
  tag: 'Staff',
  roles: ['admin', 'hr'],
  params: staffParams,
  body: updateStaffBody,
  response: staff,
});

export const listBranchStaffRoute = /* @__PURE__ */ defineRoute({
  id: 'listBranchStaff',
  method: 'GET',
  path: '/branches/{branchId}/staff',
  entry: 'functions/staff/list.ts',
  summary: 'List the people who work at a branch, in hiring order',
  tag: 'Staff',
  roles: ['admin', 'hq', 'supervisor', 'hr', 'dispatcher'],
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(staffMember),
});
