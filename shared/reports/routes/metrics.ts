import * as z from 'zod';
import type { Role } from '../../kernel/access';
import { branchId } from '../../kernel/schemas';
import { defineRoute } from '../../platform/http/contract';
import { branchFigures, chainFigures, dateRangeQuery, maxRangeDays } from '../schemas/metrics';

/**
 * Figures and KPIs from the aggregates (R-RPT-3/4): HQ reads every branch and the chain; a
 * branch's own managers read their branch. Nothing here reads an order.
 */
const dayMs = 86_400_000;
const withinRange = (q: { from: string; to: string }) =>
  q.to >= q.from && (Date.parse(q.to) - Date.parse(q.from)) / dayMs < maxRangeDays;
const rangeIssue = { path: ['to'], message: `Not before from, and at most ${maxRangeDays} days after it` };

const branchList = /* @__PURE__ */ z
  .string()
  .regex(
    /^[A-Z][A-Z0-9]{1,7}(,[A-Z][A-Z0-9]{1,7}){0,49}$/,
    'Branch codes separated by commas, for example SZ,GZ',
  )
  .transform((s) => s.split(','))
  .optional()
  .meta({ description: 'Only these branches (comma-separated codes); every branch when left out' });

export const hqReaders: readonly Role[] = ['hq', 'admin'];

export const chainFiguresRoute = /* @__PURE__ */ defineRoute({
  id: 'chainFigures',
  method: 'GET',
  path: '/hq/figures',
  entry: 'functions/metrics/chain-figures.ts',
  summary: 'Chain-wide and per-branch figures, trends and service KPIs for a range of local days (R-RPT-3)',
  tag: 'Metrics',
  roles: hqReaders,
  query: /* @__PURE__ */ z
    .strictObject({ ...dateRangeQuery, branches: branchList })
    .refine(withinRange, rangeIssue),
  response: chainFigures,
});

export const branchFiguresRoute = /* @__PURE__ */ defineRoute({
  id: 'branchFigures',
  method: 'GET',
  path: '/branches/{branchId}/figures',
  entry: 'functions/metrics/branch-figures.ts',
  summary: "A branch's figures, trend and service KPIs for a range of its local days (R-RPT-1, R-RPT-3)",
  tag: 'Metrics',
  roles: ['supervisor', 'advisor', 'cashier', 'follow-up', 'dispatcher'],
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  query: /* @__PURE__ */ z.strictObject(dateRangeQuery).refine(withinRange, rangeIssue),
  response: branchFigures,
});
