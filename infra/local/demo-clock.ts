/**
 * Where `npm start -- --speed N` starts the demo clock: now, or, when now falls in the demo
 * branches' quiet hours (21:00-08:00 in Shenzhen and Hong Kong), 08:30 Shenzhen time next, so the
 * seeded pickup notices show at once rather than in the morning (R-X-1). It never goes back: data
 * kept in .data/ must not end up in the future.
 */
export function demoDayStart(now: Date): Date {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(
      now,
    ),
  );
  if (hour >= 8 && hour < 21) return now;
  const start = new Date(now);
  // 08:30 Shanghai is 00:30 UTC; the next one to come.
  start.setUTCHours(0, 30, 0, 0);
  if (start.getTime() <= now.getTime()) start.setUTCDate(start.getUTCDate() + 1);
  return start;
}
