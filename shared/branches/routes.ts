import * as z from 'zod';
import { branchRoles } from '../kernel/access';
import { branchId, page, pageQuery } from '../kernel/schemas';
import { defineRoute } from '../platform/http/contract';
import { branch, createBranchBody, updateBranchBody } from './schemas';

const branchParams = /* @__PURE__ */ z.strictObject({ branchId });

export const createBranchRoute = /* @__PURE__ */ defineRoute({
  id: 'createBranch',
  method: 'POST',
  path: '/branches',
  entry: 'functions/branches/create.ts',
  summary: 'Open a branch with its time zone, currency, hours and SMS settings',
  tag: 'Branches',
  roles: ['admin'],
  body: createBranchBody,
  response: branch,
  status: 201,
  idempotent: true,
});

export const listBranchesRoute = /* @__PURE__ */ defineRoute({
  id: 'listBranches',
  method: 'GET',
  path: '/branches',
  entry: 'functions/branches/list.ts',
  summary: 'List the branches: every branch for HQ and admin, your own for branch staff',
  tag: 'Branches',
  roles: ['admin', 'hq', ...branchRoles],
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(branch),
});

export const getBranchRoute = /* @__PURE__ */ defineRoute({
  id: 'getBranch',
  method: 'GET',
  path: '/branches/{branchId}',
  entry: 'functions/branches/get.ts',
  summary: 'Read a branch and its settings',
  tag: 'Branches',
  roles: ['admin', 'hq', ...branchRoles],
  params: branchParams,
  response: branch,
});

export const updateBranchRoute = /* @__PURE__ */ defineRoute({
  id: 'updateBranch',
  method: 'PATCH',
  path: '/branches/{branchId}',
  entry: 'functions/branches/update.ts',
  summary: 'Change branch settings (hours, quiet hours, SMS signature, bays, status)',
  tag: 'Branches',
  roles: ['admin'],
  params: branchParams,
  body: updateBranchBody,
  response: branch,
});
