import type { SmsSender } from '../ports/sms';
import type { Pacer } from './pacing';

/**
 * An SMS sender that waits for its pacer before each message (R-X-1, issue 4 item 6). Wrapped
 * around the process's sender at start-up, it paces every SMS the process sends, whichever duty or
 * route sends it: the SMS account's rate is one budget for all of them. With the sweeper's reserved
 * concurrency of 1, one process's pace is the chain's.
 */
export function pacedSmsSender(sender: SmsSender, pacer: Pacer): SmsSender {
  return {
    async send(message) {
      await pacer.acquire();
      return sender.send(message);
    },
  };
}
