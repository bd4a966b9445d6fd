import { createSnsSmsSender } from '../../shared/adapters/sns-sms';
import { dutyPerformers } from '../../shared/duties/registry';
import { defaultLookbackHours, sweep } from '../../shared/duties/sweeper';
import { logger } from '../../shared/middleware/logger';
import { setSmsSender } from '../../shared/ports/sms';
import { store } from '../../shared/store/client';

/**
 * The sweeper Lambda, invoked every minute by an EventBridge Scheduler `rate(1 minute)` schedule
 * (ARCHITECTURE "Duties", R-X-3). The event may widen the lookback to catch up after an outage
 * longer than the default (`{ "lookbackHours": 48 }` in a one-off invocation).
 *
 * Performers per kind are registered here by the work that owns each kind (SMS notices, escalation);
 * a kind without one is retried and dead-lettered, so it shows up in the dead-duty register.
 */
// In AWS the notices go through SNS (R-X-1); the local runtime sweeps with its outbox instead.
setSmsSender(createSnsSmsSender());

export const handler = async (event: { lookbackHours?: unknown } = {}) => {
  const lookbackHours =
    typeof event.lookbackHours === 'number' && event.lookbackHours >= 0 && event.lookbackHours <= 168
      ? Math.floor(event.lookbackHours)
      : defaultLookbackHours;
  const table = store();
  const report = await sweep({
    store: table,
    performers: dutyPerformers(table),
    lookbackHours,
  });
  logger.info('duty sweep', { ...report });
  return report;
};
