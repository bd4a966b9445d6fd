import * as z from 'zod';
import type { Role } from '../kernel/access';
import { branchId, isoDate, isoDateTime, pageQuery, queryInteger } from '../kernel/schemas';
import { defineRoute } from '../platform/http/contract';
import type { ListedRegisterKind } from './store';

/**
 * Registers of R-REG-1: the forms of a branch listed and exported per local date range, each one
 * Query of the `register` index (no Scan). Dates are the branch's own days (R-X-2).
 */
export const registerKinds = [
  'order',
  'estimate',
  'addon',
  'settlement',
  'diagnosis',
  'belongings',
  'visit',
  'exit',
  'call',
  'letter',
  'appointment',
  'complaint',
] as const satisfies readonly ListedRegisterKind[];

const registerReaders: readonly Role[] = ['advisor', 'supervisor', 'cashier', 'follow-up'];

const registerParams = /* @__PURE__ */ z.strictObject({
  branchId,
  kind: z.enum(registerKinds).meta({
    description:
      'order 進廠維修單, estimate 維修估價單, addon 維修追加項目單, settlement 維修結算單, diagnosis 汽車檢測診斷報告單, belongings 隨車物品清單, visit (arrivals), exit 出廠通知單, call 跟蹤服務電話登記表 (every call, incoming and outgoing, R-FUP-6), letter 跟蹤服務信函登記表 (every SMS with its status, R-FUP-6), appointment 維修預約登記表 (R-APT-3), complaint 投訴登記 (every complaint case, R-CMP-1..3)',
  }),
});

const range = {
  from: isoDate.meta({ description: 'First local day of the branch, inclusive', example: '2026-11-01' }),
  to: isoDate.meta({ description: 'Last local day of the branch, inclusive', example: '2026-11-30' }),
};
const toNotBeforeFrom = (q: { from: string; to: string }) => q.to >= q.from;
const toIssue = { path: ['to'], message: 'Not before from' };

const cell = /* @__PURE__ */ z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const registerRow = /* @__PURE__ */ z.object({ id: z.string(), at: isoDateTime }).catchall(cell).meta({
  id: 'RegisterRow',
  description: "One form: its id, when it was filed, and the kind's columns (money in minor units)",
});

export const registerPage = /* @__PURE__ */ z
  .object({
    kind: z.enum(registerKinds),
    from: isoDate,
    to: isoDate,
    timeZone: z.string(),
    columns: z.array(z.string()).meta({ description: 'The columns of this kind, in export order' }),
    items: z.array(registerRow),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'RegisterPage' });

export const listRegisterRoute = /* @__PURE__ */ defineRoute({
  id: 'listRegister',
  method: 'GET',
  path: '/branches/{branchId}/registers/{kind}',
  entry: 'functions/registers/list.ts',
  summary:
    "List a register's forms filed between two local dates of the branch, oldest first, paged (R-REG-1)",
  tag: 'Registers',
  roles: registerReaders,
  params: registerParams,
  query: /* @__PURE__ */ z.strictObject({ ...range, ...pageQuery }).refine(toNotBeforeFrom, toIssue),
  response: registerPage,
});

export const exportRegisterRoute = /* @__PURE__ */ defineRoute({
  id: 'exportRegister',
  method: 'GET',
  path: '/branches/{branchId}/registers/{kind}/export.csv',
  entry: 'functions/registers/export-csv.ts',
  summary:
    'Export a register as CSV (UTF-8 with BOM for Excel, RFC 4180; times local, money in major units); header x-next-cursor when rows remain (R-REG-1)',
  tag: 'Registers',
  roles: registerReaders,
  params: registerParams,
  query: z
    .strictObject({
      ...range,
      limit: queryInteger({ min: 1, max: 5000, default: 5000 }),
      cursor: pageQuery.cursor,
    })
    .refine(toNotBeforeFrom, toIssue),
  response: /* @__PURE__ */ z.string().meta({ description: 'text/csv' }),
  produces: 'text/csv',
});
