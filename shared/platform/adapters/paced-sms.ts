import type { SmsSender } from '../ports/sms';
import type { Pacer } from './pacing';

/**
 * An SMS sender that waits for its pacer before each message (R-X-1, issue 4 item 6). Wrapped
 * around the process's sender at start-up, it paces every SMS the process sends, whichever duty or
 * route sends it: the SMS account's rate is one budget for all of them. The sweepers of the shards
 * run at once, so in AWS the pacer is the shared one (shared/duty-engine/send-slots.ts), which
 * keeps the account's rate across processes.
 */
export function pacedSmsSender(sender: SmsSender, pacer: Pacer): SmsSender {
  return {
    async send(message) {
      await pacer.acquire();
      return sender.send(message);
    },
  };
}
