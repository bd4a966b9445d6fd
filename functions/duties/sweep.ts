import type { Context } from 'aws-lambda';
import { dutyShards } from '../../shared/duty-engine/keys';
import {
  concurrencyWithinReserve,
  concurrentSweepers,
  createSharedPacer,
} from '../../shared/duty-engine/send-slots';
import { defaultLookbackHours, sweep } from '../../shared/duty-engine/sweeper';
import { dutyPerformers } from '../../shared/performers';
import { secretsManagerLinkSigner } from '../../shared/platform/adapters/link-signer-secrets-manager';
import { pacedSmsSender } from '../../shared/platform/adapters/paced-sms';
import { processPacerClock, smsPerSecond } from '../../shared/platform/adapters/pacing';
import { createSnsSmsSender } from '../../shared/platform/adapters/sns-sms';
import { store } from '../../shared/platform/dynamo/client';
import { logger } from '../../shared/platform/logger';
import { setLinkSigner } from '../../shared/platform/ports/link-signer';
import { setSmsSender } from '../../shared/platform/ports/sms';

/**
 * The sweeper Lambda (ARCHITECTURE "Duties", R-X-3). EventBridge Scheduler invokes it every
 * minute once per due-index shard with `{ "shards": [i] }`, and once an hour for the deep sweep
 * (`{ "lookbackHours": 48 }`, every shard); infra/constructs/duties.ts. A one-off invocation may
 * widen the lookback to catch up after a longer outage. An event without `shards` sweeps every
 * shard; a malformed `shards` does too, with a warning: a bad input must never stop duties firing.
 *
 * Performers per kind are registered here by the work that owns each kind (SMS notices, escalation);
 * a kind without one is retried and dead-lettered, so it shows up in the dead-duty register.
 */

// In AWS the notices go through SNS (R-X-1), paced to SMS_PER_SECOND for the whole account: the
// shard sweepers run at once, so each message takes a send slot in the table (issue 14 item 1,
// shared/duty-engine/send-slots.ts). The pacer lives as long as the process, so back-to-back
// invocations of a warm process keep the pace too.
const perSecond = smsPerSecond(process.env.SMS_PER_SECOND);
setSmsSender(
  pacedSmsSender(
    createSnsSmsSender(),
    createSharedPacer({ store: store(), perSecond, clock: processPacerClock }),
  ),
);
// Duties performed at once by one run: few enough that the paced messages a run has started when
// it stops claiming leave before its timeout, with every other sweeper sending too.
const concurrency = concurrencyWithinReserve(perSecond, concurrentSweepers);

// R-SELF-1: the SMS this function sends carry self-service links, minted with the secret read
// once per cold start from Secrets Manager (LINK_SECRET_ARN).
setLinkSigner(secretsManagerLinkSigner());

export interface SweepEvent {
  lookbackHours?: unknown;
  shards?: unknown;
}

/**
 * The shards an event asks for: undefined (every shard) when it names none; every shard too, with
 * the reason, when `shards` is not a non-empty array of whole numbers from 0 to `dutyShards` - 1.
 * Repeats are dropped.
 */
function shardsOf(event: SweepEvent): { shards?: number[]; malformed?: string } {
  const value = event.shards;
  if (value === undefined) return {};
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((s) => typeof s === 'number' && Number.isInteger(s) && s >= 0 && s < dutyShards);
  if (!valid) {
    return {
      malformed: `shards must be a non-empty array of whole numbers from 0 to ${dutyShards - 1}`,
    };
  }
  return { shards: [...new Set(value as number[])].sort((a, b) => a - b) };
}

export const handler = async (
  event: SweepEvent | null = {},
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
) => {
  const input: SweepEvent = typeof event === 'object' && event !== null ? event : {};
  const lookbackHours =
    typeof input.lookbackHours === 'number' && input.lookbackHours >= 0 && input.lookbackHours <= 168
      ? Math.floor(input.lookbackHours)
      : defaultLookbackHours;
  const { shards, malformed } = shardsOf(input);
  if (malformed) {
    logger.warn('sweep event: malformed shards, sweeping every shard', {
      reason: malformed,
      shards: JSON.stringify(input.shards)?.slice(0, 200) ?? String(input.shards),
    });
  }
  const table = store();
  const report = await sweep({
    store: table,
    performers: dutyPerformers(table),
    lookbackHours,
    concurrency,
    ...(shards ? { shards } : {}),
    // Paced sends make a run as long as its messages: stop claiming before the timeout cuts it off.
    ...(context ? { timeLeftMs: () => context.getRemainingTimeInMillis() } : {}),
  });
  logger.info('duty sweep', { ...report, shards: shards ?? 'all', lookbackHours });
  return report;
};
