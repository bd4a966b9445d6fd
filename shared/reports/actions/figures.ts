import type { Branch } from '../../branches/schemas';
import { allBranches, getBranch } from '../../branches/store';
import type { Store } from '../../platform/dynamo/client';
import { sumCounters } from '../rules/figures';
import { serviceKpis } from '../rules/kpis';
import type { BranchFigures, ChainFigures } from '../schemas/metrics';
import { branchDays, type Counters } from '../store';

/**
 * Reading figures for dashboards and reports (R-RPT-3/4): one Query of a branch's day items per
 * branch asked for, plus one to list the branches; never an order. The cost follows branches ×
 * days, not the number of orders (measured by `npm run bench`).
 */
const moneyCounters = ['revenue', 'receivablesRaised', 'receivablesCollected', 'paymentsReceived'] as const;

function splitMoney(totals: Counters): { counts: Counters; money: Counters } {
  const counts: Counters = {};
  const money: Counters = {};
  for (const [name, value] of Object.entries(totals)) {
    if ((moneyCounters as readonly string[]).includes(name)) money[name] = value;
    else counts[name] = value;
  }
  return { counts, money };
}

async function branchFiguresOf(
  store: Store,
  branch: Branch,
  from: string,
  to: string,
): Promise<BranchFigures> {
  const days = await branchDays(store, branch.id, from, to);
  const totals = sumCounters(days.map((d) => d.counters));
  return {
    branchId: branch.id,
    name: branch.name,
    currency: branch.currency,
    timeZone: branch.timeZone,
    totals,
    kpis: serviceKpis(totals),
    days,
  };
}

export async function figuresOfBranch(
  store: Store,
  branchId: string,
  from: string,
  to: string,
): Promise<BranchFigures> {
  return branchFiguresOf(store, await getBranch(store, branchId), from, to);
}

/** Every branch (or the ones named) and the chain's totals: counts summed, money per currency. */
export async function chainFiguresOf(
  store: Store,
  input: { from: string; to: string; branchIds?: string[] | undefined },
): Promise<ChainFigures> {
  const branches = await allBranches(store, input.branchIds);
  const figures = await Promise.all(branches.map((b) => branchFiguresOf(store, b, input.from, input.to)));
  const counts: Counters[] = [];
  const money: Record<string, Counters[]> = {};
  for (const f of figures) {
    const split = splitMoney(f.totals);
    counts.push(split.counts);
    money[f.currency] = [...(money[f.currency] ?? []), split.money];
  }
  const totals = sumCounters(counts);
  return {
    from: input.from,
    to: input.to,
    chain: {
      totals,
      money: Object.fromEntries(
        Object.entries(money).map(([currency, list]) => [currency, sumCounters(list)]),
      ),
      kpis: serviceKpis(totals),
    },
    branches: figures,
  };
}
