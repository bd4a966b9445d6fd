import { getCustomer } from '../archive/store/customers';
import { branchSettings } from '../branches/store';
import type { Duty } from '../duty-engine/schemas';
import type { Performers } from '../duty-engine/sweeper';
import { escalateIfOpen } from '../follow-up/actions/escalate';
import { type DutySmsPlan, type DutySmsSpec, sendDutySms } from '../letters/actions';
import { planSms } from '../letters/rules/letter';
import type { Store } from '../platform/dynamo/client';
import { isE164 } from '../platform/ports/sms';

/**
 * The duty kinds of customers' SMS replies (R-SELF-3):
 * - `customer-reply`: a human duty in the answerer's queue; unanswered by its due time
 *   (policy `replies.answerWithinMinutes`) it escalates to the supervisor on duty. Completed by
 *   answering (POST …/replies/{dutyId}/answer) or by marking it done (the generic completion);
 * - `reply-sms`: a machine duty that sends one SMS of the replies area (a keyword's confirmation,
 *   a staff answer) through the shared SMS duty, so it is paced, in the letter register and keeps
 *   quiet hours (it waits for their end: `DeferDuty`).
 */
function replySms(store: Store): DutySmsSpec {
  return {
    name: 'reply SMS',
    plan: async (duty: Duty, now: Date): Promise<DutySmsPlan> => {
      const { customerId, to, templateId, text } = duty.payload as {
        customerId: string;
        to: string;
        templateId: 'opt-out-confirmation' | 'opt-in-confirmation' | 'reply-answer';
        text?: string;
      };
      if (!isE164(to)) return { drop: 'no E.164 phone', level: 'warn', context: { dutyId: duty.id } };
      const [customer, branch] = await Promise.all([
        getCustomer(store, duty.branchId, customerId),
        branchSettings(store, duty.branchId),
      ]);
      const plan =
        templateId === 'reply-answer'
          ? planSms({ templateId, variables: { text: text ?? '' }, customer, branch, now })
          : planSms({ templateId, variables: {}, customer, branch, now });
      return { customerId, to, plan, subject: duty.subject };
    },
  };
}

export function replyPerformers(store: Store): Performers {
  const spec = replySms(store);
  return {
    'customer-reply': async (duty, { now }) => {
      await escalateIfOpen(store, duty, { now, dueAt: now });
    },
    'reply-sms': (duty, context) => sendDutySms(store, duty, context, spec),
  };
}
