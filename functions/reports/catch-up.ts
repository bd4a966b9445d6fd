import { store } from '../../shared/platform/dynamo/client';
import { logger } from '../../shared/platform/logger';
import { clock } from '../../shared/platform/ports/clock';
import { catchUpReports } from '../../shared/reports/actions/reports';

/**
 * The reports' daily backstop (R-RPT-1), invoked by an EventBridge Scheduler schedule in each
 * branch time zone with `{ "timeZone": "Asia/Shanghai" }`: produces any report whose duty did not,
 * and schedules reports for a branch that has none.
 */
export const handler = async (event: { timeZone?: unknown } = {}) => {
  const timeZone = typeof event.timeZone === 'string' ? event.timeZone : undefined;
  const result = await catchUpReports(store(), { timeZone, now: clock().now() });
  logger.info('reports catch-up', { timeZone, ...result });
  return result;
};
