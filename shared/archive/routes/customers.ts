import * as z from 'zod';
import { duty } from '../../duty-engine/schemas';
import { branchRoles, type Role } from '../../kernel/access';
import { branchId, logEntry, page, pageQuery } from '../../kernel/schemas';
import { defineRoute } from '../../platform/http/contract';
import { createCustomerBody, customer, customerId, updateCustomerBody } from '../schemas/customer';

/**
 * Customer archive (R-ARC-1, R-ARC-3, R-ARC-4). Every branch role reads the archive; the people
 * who talk to customers write it. HQ and admin are not let in: HQ reads aggregates only (R-ACC-3).
 */
export const archiveReaders: readonly Role[] = branchRoles;
export const archiveWriters: readonly Role[] = ['advisor', 'follow-up', 'supervisor'];

const branchParams = /* @__PURE__ */ z.strictObject({ branchId });
const customerParams = /* @__PURE__ */ z.strictObject({ branchId, customerId });

export const createCustomerRoute = /* @__PURE__ */ defineRoute({
  id: 'createCustomer',
  method: 'POST',
  path: '/branches/{branchId}/customers',
  entry: 'functions/customers/create.ts',
  summary: 'Open a customer archive: name, phones (stored in E.164), contact preferences and wishes',
  tag: 'Customers',
  roles: archiveWriters,
  params: branchParams,
  body: createCustomerBody,
  response: customer,
  status: 201,
  idempotent: true,
});

export const findCustomerByPhoneRoute = /* @__PURE__ */ defineRoute({
  id: 'findCustomerByPhone',
  method: 'GET',
  path: '/branches/{branchId}/customers',
  entry: 'functions/customers/find-by-phone.ts',
  summary: 'Find a returning customer by phone, typed in any format (empty items when not on file)',
  tag: 'Customers',
  roles: archiveReaders,
  params: branchParams,
  query: /* @__PURE__ */ z.strictObject({
    phone: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .meta({ description: "Without + it is read in the branch's phone region", example: '138 0013 8000' }),
  }),
  response: /* @__PURE__ */ z.object({ items: z.array(customer).max(1) }),
});

export const getCustomerRoute = /* @__PURE__ */ defineRoute({
  id: 'getCustomer',
  method: 'GET',
  path: '/branches/{branchId}/customers/{customerId}',
  entry: 'functions/customers/get.ts',
  summary: 'Read a customer archive',
  tag: 'Customers',
  roles: archiveReaders,
  params: customerParams,
  response: customer,
});

export const updateCustomerRoute = /* @__PURE__ */ defineRoute({
  id: 'updateCustomer',
  method: 'PATCH',
  path: '/branches/{branchId}/customers/{customerId}',
  entry: 'functions/customers/update.ts',
  summary: 'Change a customer archive on top of the version read; a new phone list swaps the numbers on file',
  tag: 'Customers',
  roles: archiveWriters,
  params: customerParams,
  body: updateCustomerBody,
  response: customer,
});

export const customerTimelineRoute = /* @__PURE__ */ defineRoute({
  id: 'customerTimeline',
  method: 'GET',
  path: '/branches/{branchId}/customers/{customerId}/timeline',
  entry: 'functions/customers/timeline.ts',
  summary:
    "The customer's timeline, newest first: every change to the archive and its vehicles, with who and when",
  tag: 'Customers',
  roles: archiveReaders,
  params: customerParams,
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(logEntry),
});

export const customerDutiesRoute = /* @__PURE__ */ defineRoute({
  id: 'customerDuties',
  method: 'GET',
  path: '/branches/{branchId}/customers/{customerId}/duties',
  entry: 'functions/customers/duties.ts',
  summary:
    "Every duty of a customer, done or not, in the order they were scheduled: follow-up calls, the archive's completion, what their calls left open and who tells them the solution, with assignee, when each opens and falls due and when it was done (R-X-5); an order's own duties are under the order",
  tag: 'Customers',
  roles: archiveReaders,
  params: customerParams,
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(duty),
});
