import type { Context } from 'aws-lambda';
import { defaultLookbackHours, sweep } from '../../shared/duty-engine/sweeper';
import { dutyPerformers } from '../../shared/performers';
import { secretsManagerLinkSigner } from '../../shared/platform/adapters/link-signer-secrets-manager';
import { pacedSmsSender } from '../../shared/platform/adapters/paced-sms';
import { createPacer, processPacerClock, smsPerSecond } from '../../shared/platform/adapters/pacing';
import { createSnsSmsSender } from '../../shared/platform/adapters/sns-sms';
import { store } from '../../shared/platform/dynamo/client';
import { logger } from '../../shared/platform/logger';
import { setLinkSigner } from '../../shared/platform/ports/link-signer';
import { setSmsSender } from '../../shared/platform/ports/sms';

/**
 * The sweeper Lambda, invoked every minute by an EventBridge Scheduler `rate(1 minute)` schedule
 * (ARCHITECTURE "Duties", R-X-3). The event may widen the lookback to catch up after an outage
 * longer than the default (`{ "lookbackHours": 48 }` in a one-off invocation).
 *
 * Performers per kind are registered here by the work that owns each kind (SMS notices, escalation);
 * a kind without one is retried and dead-lettered, so it shows up in the dead-duty register.
 */
// In AWS the notices go through SNS (R-X-1), paced to SMS_PER_SECOND (issue 4 item 6); the pacer
// lives as long as the process, so back-to-back invocations keep the pace too.
setSmsSender(
  pacedSmsSender(
    createSnsSmsSender(),
    createPacer({ perSecond: smsPerSecond(process.env.SMS_PER_SECOND), clock: processPacerClock }),
  ),
);

// R-SELF-1: the SMS this function sends carry self-service links, minted with the secret read
// once per cold start from Secrets Manager (LINK_SECRET_ARN).
setLinkSigner(secretsManagerLinkSigner());

export const handler = async (
  event: { lookbackHours?: unknown } = {},
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
) => {
  const lookbackHours =
    typeof event.lookbackHours === 'number' && event.lookbackHours >= 0 && event.lookbackHours <= 168
      ? Math.floor(event.lookbackHours)
      : defaultLookbackHours;
  const table = store();
  const report = await sweep({
    store: table,
    performers: dutyPerformers(table),
    lookbackHours,
    // Paced sends make a run as long as its messages: stop claiming before the timeout cuts it off.
    ...(context ? { timeLeftMs: () => context.getRemainingTimeInMillis() } : {}),
  });
  logger.info('duty sweep', { ...report });
  return report;
};
