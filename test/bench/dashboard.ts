import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable, startDynamo } from '../../infra/local/dynamo';
import { createBranch } from '../../shared/branches/actions';
import { addDays } from '../../shared/kernel/local-time';
import { createStore, type Store } from '../../shared/platform/dynamo/client';
import { applyChange } from '../../shared/reports/actions/aggregate';
import { chainFiguresOf } from '../../shared/reports/actions/figures';
import { figureDeltas, type Image } from '../../shared/reports/rules/figures';
import { branchDays, dayKey } from '../../shared/reports/store';
import { branchInput } from '../support/fixtures';

/**
 * R-RPT-4: the HQ dashboard's read (`GET /hq/figures`, `chainFiguresOf`) at 1,000 and at 100,000
 * orders, three branches, a quarter of days. The read touches the per-branch day aggregates only,
 * so its cost should follow branches × days, not orders: the ratio 100k/1k should stay near 1.
 *
 * The 1k chain is fed through the real aggregator (`applyChange`, one transaction per change).
 * Feeding 100k changes that way would take the bench most of an hour on DynamoDB Local, so the
 * 100k chain's day items are summed in memory with the very same delta function
 * (`figureDeltas`) and written in batches; the bench first checks that both ways give the same
 * day items for the 1k chain.
 */
const days = 90;
const firstDay = '2026-09-01';
const branchesPerChain = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** A settled, paid and exited order of branch `branchId` on day `index % days`. */
function orderImage(branchId: string, index: number): Image {
  const day = addDays(firstDay, index % days);
  const at = (hh: number) => `${day}T${String(hh).padStart(2, '0')}:00:00Z`;
  const total = 50_000 + (index % 17) * 1_000;
  return {
    type: 'order',
    branchId,
    id: `O${index}`,
    vehicleType: index % 3 === 0 ? 'van' : 'car',
    repairCategory: index % 4 === 0 ? 'maintenance' : 'repair',
    promisedAt: at(8),
    readyAt: at(index % 5 === 0 ? 9 : 7),
    handover: { at: at(1) },
    settlement: { totals: { total }, discount: 0, amountDue: total, outstanding: total, issuedAt: at(6) },
    payments: [{ id: `P${index}`, amount: total, at: at(6) }],
    exit: { at: at(7) },
    addOns: [],
    inspections: [],
  };
}

/** The day items of a chain of `orders` orders, summed in memory with the aggregator's delta function. */
function dayItems(branchIds: string[], orders: number) {
  const items = new Map<string, Record<string, number>>();
  for (let i = 0; i < orders; i++) {
    const branchId = branchIds[i % branchIds.length] ?? '';
    for (const delta of figureDeltas(undefined, orderImage(branchId, i), {
      timeZone: 'Asia/Shanghai',
      inspectionRecordWithinMinutes: 120,
      callRecordedWithinHours: 24,
    })) {
      const key = `${branchId}|${delta.day}`;
      const target = items.get(key) ?? {};
      for (const [name, value] of Object.entries(delta.counters)) target[name] = (target[name] ?? 0) + value;
      items.set(key, target);
    }
  }
  return items;
}

async function writeDayItems(store: Store, items: Map<string, Record<string, number>>) {
  const puts = [...items.entries()].map(([key, counters]) => {
    const [branchId = '', day = ''] = key.split('|');
    return {
      PutRequest: { Item: { ...dayKey(branchId, day), type: 'metrics-day', branchId, day, ...counters } },
    };
  });
  for (let i = 0; i < puts.length; i += 25) {
    await store.doc.send(
      new BatchWriteCommand({ RequestItems: { [store.tableName]: puts.slice(i, i + 25) } }),
    );
  }
}

function sameCounters(a: Record<string, number>, b: Record<string, number>): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].every((n) => (a[n] ?? 0) === (b[n] ?? 0));
}

/** Requests and read time of one dashboard read; median of `runs`. */
async function readCost(store: Store, branchIds: string[], runs: number) {
  let requests = 0;
  store.doc.middlewareStack.add(
    (next) => async (args) => {
      requests++;
      return next(args);
    },
    { step: 'initialize', name: `count-${branchIds[0]}` },
  );
  const times: number[] = [];
  let figures: Awaited<ReturnType<typeof chainFiguresOf>> | undefined;
  for (let i = 0; i < runs; i++) {
    requests = 0;
    const t0 = performance.now();
    figures = await chainFiguresOf(store, { from: firstDay, to: addDays(firstDay, days - 1), branchIds });
    times.push(performance.now() - t0);
  }
  store.doc.middlewareStack.remove(`count-${branchIds[0]}`);
  return { ms: median(times), requests, carsOut: figures?.chain.totals.carsOut ?? 0 };
}

export async function benchDashboardRead(): Promise<void> {
  const dynamo = await startDynamo();
  try {
    await ensureTable(dynamo.endpoint, 'bench-dashboard');
    const store = createStore({ endpoint: dynamo.endpoint, tableName: 'bench-dashboard' });
    const actor = {
      staffId: 'BENCH',
      login: 'bench',
      name: 'Bench',
      roles: ['admin' as const],
      branches: '*' as const,
    };
    const chains = { small: ['KA', 'KB', 'KC'], large: ['LA', 'LB', 'LC'] };
    for (const id of [...chains.small, ...chains.large]) await createBranch(store, branchInput(id), actor);

    // 1k orders through the real aggregator, then the same in memory: the day items must agree.
    const small = 1_000;
    for (let i = 0; i < small; i++) {
      const branchId = chains.small[i % branchesPerChain] ?? '';
      await applyChange(store, { id: `bench-${i}`, after: orderImage(branchId, i) });
    }
    const expected = dayItems(chains.small, small);
    for (const branchId of chains.small) {
      const stored = await branchDays(store, branchId, firstDay, addDays(firstDay, days - 1));
      for (const d of stored) {
        const want = expected.get(`${branchId}|${d.day}`);
        if (!sameCounters(d.counters, want ?? {})) {
          throw new Error(`bench: in-memory sums differ from the aggregator on ${branchId} ${d.day}`);
        }
      }
    }
    const large = 100_000;
    await writeDayItems(store, dayItems(chains.large, large));

    const runs = 15;
    // Interleaved warm-up, then the measured runs.
    await readCost(store, chains.small, 3);
    await readCost(store, chains.large, 3);
    const at1k = await readCost(store, chains.small, runs);
    const at100k = await readCost(store, chains.large, runs);
    if (at1k.carsOut !== small || at100k.carsOut !== large)
      throw new Error('bench: the figures do not count every order');

    console.log(
      `\nHQ dashboard read (GET /hq/figures: ${branchesPerChain} branches × ${days} days; median of ${runs})`,
    );
    console.log(`  baseline: 1,000 orders    ${at1k.ms.toFixed(1)} ms  ${at1k.requests} requests`);
    console.log(`  ours:     100,000 orders  ${at100k.ms.toFixed(1)} ms  ${at100k.requests} requests`);
    console.log(`  ratio ${(at100k.ms / at1k.ms).toFixed(2)}x for 100x the orders  (target: ~1x, R-RPT-4)`);
  } finally {
    await dynamo.stop();
  }
}
