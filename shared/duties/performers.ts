import type { Actor } from '../domain/access';
import { ConflictError } from '../domain/errors';
import type { OrderState } from '../domain/orders/state-machine';
import { planSms } from '../domain/sms/letter';
import { formatSmsTime } from '../domain/sms/render';
import { logger } from '../middleware/logger';
import { isE164, smsSender } from '../ports/sms';
import type { Duty } from '../schemas/duty';
import { branchSettings } from '../store/branches';
import type { Store } from '../store/client';
import { getCustomer } from '../store/customers';
import { dutyKey } from '../store/duties';
import { deliverLetter, getLetter, type Letter, type LetterRef, recordLetterSteps } from '../store/letters';
import { getOrder } from '../store/orders';
import { getRecord, type Key, putStep, transact } from '../store/records';
import type { PerformContext, Performers } from './sweeper';

/**
 * What the sweeper does when a lifecycle duty's time comes (R-PKP-2, R-PRG-1, R-X-1, R-X-3).
 *
 * `pickup-notice`: the SMS "your car will be ready at …" in the customer's language with the
 * branch's signature and local time, filed in the letter register and sent through the SMS port.
 * Exactly once towards the register: the letter's id is the duty's id and a guard item next to
 * the duty (`BR#<b>#DUTY#<id>` / `LETTER`) names the letter, so a retried or re-claimed attempt
 * sends the letter it already filed instead of filing another. Towards the phone it is
 * at-least-once (a crash between the provider's answer and the status write repeats it; the
 * outbox drops the repeat by the letter id, SNS cannot).
 *
 * `progress-check`: the check opens in the dispatcher's queue (it is there from the transfer and
 * shows in "my duties now" from `openAt`); nothing is sent, the sweep only marks it done. The
 * escalation of an overdue check is not built yet.
 */
export const dutyEngineActor: Actor = {
  staffId: 'duty-engine',
  login: 'duty-engine',
  name: 'Duty engine',
  roles: ['admin'],
  branches: '*',
};

/**
 * The order states in which the pickup notice still makes sense: work under way or finished and
 * not yet settled. Cancelled, declined, settled and exited orders get nothing.
 */
const noticeStates: readonly OrderState[] = ['in_workshop', 'awaiting_addon', 'quality_check', 'ready'];

const letterGuardKey = (duty: Duty): Key => ({ pk: dutyKey(duty.branchId, duty.id).pk, sk: 'LETTER' });

async function filedLetter(store: Store, duty: Duty): Promise<Letter | undefined> {
  const guard = await getRecord(store, letterGuardKey(duty));
  if (!guard) return undefined;
  const letter = await getLetter(store, guard.letter as LetterRef);
  if (!letter) throw new Error(`Duty ${duty.id} names letter ${String(guard.letter)} that is not on file`);
  return letter;
}

/** Files the notice's letter with its guard, or returns the one an earlier attempt filed. */
async function fileLetter(store: Store, duty: Duty, now: Date): Promise<Letter | undefined> {
  const earlier = await filedLetter(store, duty);
  if (earlier) return earlier;
  const order = await getOrder(store, duty.branchId, duty.subject.id);
  if (!noticeStates.includes(order.state)) {
    logger.debug('pickup notice not sent: order no longer waits for pickup', {
      dutyId: duty.id,
      orderId: order.id,
      state: order.state,
    });
    return undefined;
  }
  const [customer, branch] = await Promise.all([
    getCustomer(store, duty.branchId, order.customerId),
    branchSettings(store, duty.branchId),
  ]);
  const phone = customer.phones[0]?.number;
  if (!phone || !isE164(phone)) {
    logger.warn('pickup notice not sent: the customer has no E.164 phone', { dutyId: duty.id });
    return undefined;
  }
  const plan = planSms({
    templateId: 'pickup-notice',
    variables: {
      plate: order.plate,
      time: formatSmsTime(new Date(order.promisedAt), branch.timeZone, customer.locale),
    },
    customer,
    branch,
    now,
    // Sent at its lead time even in quiet hours: the notice is bound to the promise (decisions).
    urgent: true,
  });
  const { letter, steps } = recordLetterSteps(
    store,
    {
      id: duty.id,
      branchId: duty.branchId,
      customerId: customer.id,
      to: phone,
      plan,
      subject: { kind: 'order', id: order.id },
    },
    dutyEngineActor,
  );
  const ref: LetterRef = {
    branchId: letter.branchId,
    customerId: letter.customerId,
    id: letter.id,
    createdAt: letter.createdAt,
  };
  try {
    await transact(store, [
      putStep(
        store,
        { ...letterGuardKey(duty), type: 'duty-letter', letter: ref },
        {
          expression: 'attribute_not_exists(pk)',
          onConditionFailed: () => new ConflictError(`duty ${duty.id} already filed its letter`),
        },
      ),
      ...steps,
    ]);
  } catch (error) {
    // Another attempt of the same duty filed it meanwhile (a reclaimed lease): send that one.
    if (error instanceof ConflictError) return filedLetter(store, duty);
    throw error;
  }
  return letter;
}

async function pickupNotice(store: Store, duty: Duty, context: PerformContext): Promise<void> {
  const letter = await fileLetter(store, duty, context.now);
  if (!letter) return;
  // The letter's id is the duty's id: the same provider key on every attempt of this duty.
  const delivered = await deliverLetter(store, { letter, sender: smsSender(), actor: dutyEngineActor });
  // A refused send is retried by the sweeper with backoff, then dead-lettered (visible, alarmed).
  if (delivered.status === 'failed') throw new Error(`SMS ${delivered.id} failed: ${delivered.error ?? ''}`);
}

/** The performers of the repair order's duties, registered in the sweeper Lambda and the local runtime. */
export function orderDutyPerformers(store: Store): Performers {
  return {
    'pickup-notice': (duty, context) => pickupNotice(store, duty, context),
    'progress-check': async (duty) => {
      logger.debug('progress check open', {
        dutyId: duty.id,
        orderId: duty.subject.id,
        assignee: duty.assignee,
      });
    },
  };
}
