import { parseArgs } from 'node:util';

/**
 * `npm run simulate [-- --branches 50 --orders-per-day 20 --sms-per-second 1 --seed 14
 * --sweepers 4 --endpoint http://127.0.0.1:8000]`: the
 * simulated chain day of test/bench/simulate-day.ts (issue 14 item 1), with the model at 500
 * branches × 100 orders. `--sweepers` (1 to 4, default 4: one per due-index shard, as the CDK
 * schedules them) splits the shards among that many sweepers. Logs below ERROR are silenced
 * before the code that logs is loaded.
 */
const { values } = parseArgs({
  options: {
    branches: { type: 'string', default: '50' },
    'orders-per-day': { type: 'string', default: '20' },
    'sms-per-second': { type: 'string' },
    seed: { type: 'string', default: '14' },
    sweepers: { type: 'string', default: '4' },
    endpoint: { type: 'string' },
  },
});
const number = (name: string, text: string | undefined) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a whole number above 0`);
  return value;
};
process.env.LOG_LEVEL ??= 'ERROR';
const { simulateChainDay } = await import('./simulate-day');
await simulateChainDay({
  branches: number('branches', values.branches),
  ordersPerDay: number('orders-per-day', values['orders-per-day']),
  ...(values['sms-per-second'] ? { smsPerSecond: Number(values['sms-per-second']) } : {}),
  seed: number('seed', values.seed),
  sweepers: number('sweepers', values.sweepers),
  ...(values.endpoint ? { endpoint: values.endpoint } : {}),
});
