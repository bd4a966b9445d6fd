import { startDynamo } from '../../infra/local/dynamo';
import { dutyShards } from '../../shared/duty-engine/keys';
import type { SimulationFigures } from './simulate-day';

/**
 * A short simulated chain day in `npm run bench` (issue 14 item 1; R-X-1, R-X-3, ARCHITECTURE
 * targets): half an hour of the morning of test/bench/simulate-day.ts (3 branches, a few orders
 * each; the actions from the eve on played, the sweepers run 09:50-10:10 local, over the 10:00
 * maintenance reminders, the deep sweep at 10:00), once with one sweeper and once with one
 * sweeper per due-index shard, as the CDK deploys it. Each figure beside its target as a ratio.
 * The whole day, at 50 branches, is `npm run simulate`.
 */
const branches = 3;
const ordersPerDay = 4;
/** 09:50-10:10 local. */
const hours = [9 + 50 / 60, 10 + 10 / 60] as const;
const hhmm = (h: number) =>
  `${String(Math.floor(h)).padStart(2, '0')}:${String(Math.round((h % 1) * 60)).padStart(2, '0')}`;

const secs = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a');
const ratio = (value: number, target: number) =>
  Number.isFinite(value) ? `${(value / target).toFixed(2)}x` : 'n/a';

function printRun(label: string, f: SimulationFigures): void {
  console.log(
    `  ${label}: ${f.runs} sweep runs, ${f.claimed} duties claimed, ${f.sms} SMS; ${secs(f.realMs)} real, of which the swept window ${secs(f.windowRealMs)}`,
  );
  console.log(
    `    idle minute ${f.idleRequestsPerMinute.toFixed(1)} requests (target the ${f.fixedQueries} Queries of 4 hour buckets × ${dutyShards} shards: ${ratio(f.idleRequestsPerMinute, f.fixedQueries)})`,
  );
  console.log(
    `    per due duty ${f.requestsPerDueDuty.toFixed(2)} requests besides the Queries; the engine's claim and outcome ${f.engineRequestsPerDuty.toFixed(2)} (target 2: ${ratio(f.engineRequestsPerDuty, 2)}); shared SMS pace ${f.slotPutsPerSms.toFixed(2)} puts an SMS (target 1: ${ratio(f.slotPutsPerSms, 1)})`,
  );
  console.log(
    `    fire lag of ${f.lagSample} duties: p50 ${secs(f.lagP50Ms)}, p99 ${secs(f.lagP99Ms)} (target 60 s: ${ratio(f.lagP99Ms, 60_000)}), max ${secs(f.lagMaxMs)}`,
  );
  console.log(
    `    SMS: at most ${f.maxSmsPerSecond} in any second (quota ${f.quota}/s: ${ratio(f.maxSmsPerSecond, f.quota)}; target ≤ 1.00x)`,
  );
}

export async function benchChainDay(): Promise<void> {
  // The simulation's code logs; below ERROR is noise here (as npm run simulate silences it).
  process.env.LOG_LEVEL ??= 'ERROR';
  const { simulateChainDay } = await import('./simulate-day');
  const dynamo = await startDynamo();
  try {
    console.log(
      `\nSimulated chain morning (${branches} branches × ${ordersPerDay} orders, swept ${hhmm(hours[0])}-${hhmm(hours[1])} local, SMS quota 1/s; the whole day: npm run simulate)`,
    );
    for (const sweepers of [1, dutyShards]) {
      const figures = await simulateChainDay({
        branches,
        ordersPerDay,
        sweepers,
        hours,
        print: false,
        endpoint: dynamo.endpoint,
      });
      printRun(sweepers === 1 ? '1 sweeper (every shard)' : `${sweepers} sweepers (one per shard)`, figures);
    }
  } finally {
    await dynamo.stop();
  }
}
