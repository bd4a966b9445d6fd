/**
 * Where `npm start -- --speed N` starts the demo clock: now, when it is between 10:30 and 14:30
 * Shenzhen time, or else 10:30 Shenzhen time next. There every seeded promise falls in the demo
 * branches' opening hours (R-RO-2) and no notice in their quiet hours (R-X-1), so the seeded
 * notices and checks show in the first minutes (infra/local/seed.ts `demoOrders`). It never goes
 * back: data kept in .data/ must not end up in the future.
 */
export function demoDayStart(now: Date): Date {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  if (parts >= '10:30' && parts < '14:30') return now;
  const start = new Date(now);
  // 10:30 Shanghai is 02:30 UTC; the next one to come.
  start.setUTCHours(2, 30, 0, 0);
  if (start.getTime() <= now.getTime()) start.setUTCDate(start.getUTCDate() + 1);
  return start;
}
