import { ulid } from 'ulid';
import { confirmAppointment } from '../appointments/actions';
import { getAppointment } from '../appointments/store';
import { findCustomerByPhone, getCustomer } from '../archive/store/customers';
import { policyOf } from '../branches/rules';
import { allBranches, branchSettings } from '../branches/store';
import { openComplaintSteps } from '../complaints/actions';
import type { Complaint, OpenComplaint } from '../complaints/schemas';
import type { Duty } from '../duty-engine/schemas';
import { completeDuty, getDuty, scheduleDutyStep } from '../duty-engine/store';
import { assigneeAt } from '../follow-up/store/absences';
import type { Actor } from '../kernel/access';
import { NotFoundError, RuleViolationError, ValidationError } from '../kernel/errors';
import { planSms } from '../letters/rules/letter';
import { nextAllowedSendTime } from '../letters/rules/quiet-hours';
import type { InboundLetter, PhoneOptOut } from '../letters/schemas';
import {
  getLetter,
  lastOutbound,
  phoneOptOut,
  phoneOptOutStep,
  recordInboundLetterSteps,
} from '../letters/store';
import { isOpenOrder } from '../orders/rules/state-machine';
import { getOrder } from '../orders/store/orders';
import type { Store } from '../platform/dynamo/client';
import { type Step, transact } from '../platform/dynamo/records';
import { logger } from '../platform/logger';
import { clock } from '../platform/ports/clock';
import type { E164 } from '../platform/ports/sms';
import { branchMembers } from '../staff/store';
import { answerDueAt, answerText, confirmable, replyAnswerer, replyKeyword } from './rules';
import type { InboundSms } from './schemas';
import { chainReplyStep, DuplicateInboundError, inboundGuardStep, inboundHandled } from './store';

/**
 * Customers answer back by SMS (R-SELF-3, docs/architecture.md "Customers answer back"): each
 * reply is matched to the phone's latest outbound message of the chain, filed in the letter
 * register as inbound (R-FUP-6) on the customer's timeline (R-ARC-4), and acted on: an opt-out or
 * opt-in keyword with one confirmation, a confirmation keyword confirms what the message asked,
 * anything else is a "customer replied" duty for the staff member responsible.
 */
const replyActor: Actor = {
  staffId: 'sms-reply',
  login: 'sms-reply',
  name: 'Customer SMS reply',
  roles: ['admin'],
  branches: '*',
};

export type InboundOutcome =
  | { outcome: 'duplicate' }
  | {
      outcome: 'opt-out' | 'opt-in' | 'confirmation' | 'staff' | 'unmatched';
      letter?: InboundLetter;
      duty?: Duty;
    };

/** The branch and customer a phone belongs to when it got no message of ours: the first branch that has it on file. */
async function customerWithPhone(store: Store, phone: E164) {
  for (const branch of await allBranches(store)) {
    // A number the archive would refuse (E.164, but no valid number of its region) is on no
    // branch's file: the reply goes to the chain queue, never lost to a retried error.
    const customer = await findCustomerByPhone(store, branch.id, phone).catch((error: unknown) => {
      if (error instanceof ValidationError) return undefined;
      throw error;
    });
    if (customer) return { branchId: branch.id, customerId: customer.id };
  }
  return undefined;
}

function optOutChanged(
  current: PhoneOptOut | undefined,
  phone: E164,
  change: 'out' | 'in',
  entry: { at: string; how: string; by: string; consent?: string },
): PhoneOptOut {
  return {
    phone,
    optedOut: change === 'out',
    history: [...(current?.history ?? []), { change, ...entry }],
    version: (current?.version ?? 0) + 1,
  };
}

/** The machine duty that sends one SMS of the replies area through the letter register (duties.ts). */
function replySmsStep(
  store: Store,
  input: {
    branchId: string;
    customerId: string;
    to: E164;
    templateId: 'opt-out-confirmation' | 'opt-in-confirmation' | 'reply-answer';
    text?: string;
    subject: { kind: string; id: string };
    at: Date;
  },
) {
  return scheduleDutyStep(store, {
    kind: 'reply-sms',
    subject: input.subject,
    branchId: input.branchId,
    openAt: input.at.toISOString(),
    dueAt: input.at.toISOString(),
    payload: {
      customerId: input.customerId,
      to: input.to,
      templateId: input.templateId,
      ...(input.text ? { text: input.text } : {}),
    },
  });
}

/**
 * R-SELF-3, R-X-3: handles one inbound SMS once. The guard of its inbound message id is in the
 * handling transaction, so a second delivery (SNS is at-least-once) writes nothing and acts on
 * nothing.
 */
export async function receiveInboundSms(store: Store, message: InboundSms): Promise<InboundOutcome> {
  if (await inboundHandled(store, message.inboundMessageId)) return { outcome: 'duplicate' };
  const now = clock().now();
  const at = now.toISOString();
  const phone = message.originationNumber as E164;
  const keyword = replyKeyword(message.messageBody);
  const matched = await lastOutbound(store, phone);
  const owner = matched ?? (await customerWithPhone(store, phone));
  const steps: Step[] = [inboundGuardStep(store, message, at)];

  // R-SELF-3: opting out and back in is the phone's, chain-wide, whether or not a branch knows it.
  let confirmation: 'opt-out-confirmation' | 'opt-in-confirmation' | undefined;
  if (keyword === 'opt-out' || keyword === 'opt-in') {
    const current = await phoneOptOut(store, phone);
    const wasOut = current?.optedOut ?? false;
    if ((keyword === 'opt-out') !== wasOut) {
      const change = keyword === 'opt-out' ? 'out' : 'in';
      steps.push(
        phoneOptOutStep(
          store,
          current,
          optOutChanged(current, phone, change, { at, how: `sms_reply: ${message.messageBody}`, by: phone }),
        ),
      );
      // One confirmation: a repeated STOP changes nothing and gets none.
      confirmation = keyword === 'opt-out' ? 'opt-out-confirmation' : 'opt-in-confirmation';
    }
  }

  const id = ulid();
  if (!owner) {
    steps.push(chainReplyStep(store, message, id, at, keyword ?? 'staff'));
    return finish(store, steps, {
      outcome: keyword === 'opt-out' || keyword === 'opt-in' ? keyword : 'unmatched',
    });
  }

  const [customer, branch] = await Promise.all([
    getCustomer(store, owner.branchId, owner.customerId),
    branchSettings(store, owner.branchId),
  ]);
  const toConfirm = keyword === 'confirm' ? confirmable(matched) : undefined;
  const outcome =
    keyword === 'opt-out' || keyword === 'opt-in' ? keyword : toConfirm ? 'confirmation' : 'staff';
  const record = matched?.subject ?? { kind: 'customer', id: customer.id };
  const letter: InboundLetter = {
    direction: 'inbound',
    id,
    branchId: owner.branchId,
    customerId: customer.id,
    from: phone,
    to: message.destinationNumber,
    text: message.messageBody,
    templateId: 'inbound',
    status: 'received',
    providerMessageId: message.inboundMessageId,
    ...(matched
      ? {
          inReplyTo: {
            letterId: matched.letterId,
            templateId: matched.templateId,
            ...(matched.subject ? { subject: matched.subject } : {}),
          },
        }
      : {}),
    subject: record,
    outcome,
    attempts: 0,
    version: 1,
    createdAt: at,
    createdBy: replyActor.staffId,
    updatedAt: at,
    updatedBy: replyActor.staffId,
  };
  steps.push(...recordInboundLetterSteps(store, letter, replyActor));
  if (confirmation) {
    steps.push(
      replySmsStep(store, {
        branchId: owner.branchId,
        customerId: customer.id,
        to: phone,
        templateId: confirmation,
        subject: record,
        at: now,
      }).step,
    );
  }

  let duty: Duty | undefined;
  if (outcome === 'staff') {
    const members = await branchMembers(store, owner.branchId);
    const order =
      record.kind === 'order'
        ? // Only an order that is gone sends the reply elsewhere; a failed read is retried (the
          // inbound guard keeps it once), never taken for a closed order.
          await getOrder(store, owner.branchId, record.id).catch((error: unknown) => {
            if (error instanceof NotFoundError) return undefined;
            throw error;
          })
        : undefined;
    const answerer = replyAnswerer(
      {
        openOrderAdvisor: order && isOpenOrder(order.state) ? order.advisor.staffId : undefined,
        followUpAgentId: customer.followUpAgentId,
      },
      members,
    );
    // R-SELF-3, R-X-1: a reply in quiet hours is queued for staff at once; its answer time counts
    // from the end of quiet hours.
    const reachesStaff = nextAllowedSendTime(now, branch.quietHours, branch.timeZone, false);
    const dueAt = answerDueAt(reachesStaff, policyOf(branch).replies.answerWithinMinutes);
    const matchedLetter = matched
      ? await getLetter(store, {
          branchId: matched.branchId,
          customerId: matched.customerId,
          id: matched.letterId,
          createdAt: matched.letterCreatedAt,
        })
      : undefined;
    const scheduled = scheduleDutyStep(store, {
      kind: 'customer-reply',
      subject: { kind: 'customer', id: customer.id },
      record,
      branchId: owner.branchId,
      ...(answerer ? await assigneeAt(store, owner.branchId, answerer, now) : {}),
      openAt: at,
      dueAt: dueAt.toISOString(),
      // The sweeper acts at the due time: an unanswered reply escalates (duties.ts).
      fireAt: dueAt.toISOString(),
      payload: {
        customerId: customer.id,
        customerName: customer.name,
        from: phone,
        text: message.messageBody,
        letter: { id: letter.id, createdAt: at },
        ...(matchedLetter
          ? {
              inReplyTo: {
                letterId: matchedLetter.id,
                templateId: matchedLetter.templateId,
                text: matchedLetter.text,
              },
            }
          : {}),
      },
    });
    duty = scheduled.duty;
    steps.push(scheduled.step);
  }

  const result = await finish(store, steps, { outcome, letter, ...(duty ? { duty } : {}) });
  if (result.outcome === 'confirmation' && toConfirm)
    await confirmFromReply(store, owner.branchId, toConfirm.id, customer.name);
  return result;
}

async function finish(store: Store, steps: Step[], outcome: InboundOutcome): Promise<InboundOutcome> {
  try {
    await transact(store, steps);
  } catch (error) {
    // Another delivery of the same message won the race: it acts, this one does not.
    if (error instanceof DuplicateInboundError) return { outcome: 'duplicate' };
    throw error;
  }
  return outcome;
}

/** R-SELF-3, R-APT-1: a `1` to an appointment reminder confirms the appointment, by SMS reply. */
async function confirmFromReply(store: Store, branchId: string, appointmentId: string, by: string) {
  try {
    const appointment = await getAppointment(store, branchId, appointmentId);
    await confirmAppointment(
      store,
      { branchId, appointmentId },
      { version: appointment.version, by, method: 'sms_reply' },
      replyActor,
    );
  } catch (error) {
    // Already confirmed, cancelled or moved on: the reply is on file; nothing else to confirm.
    logger.warn('SMS confirmation not applied', { appointmentId, error: String(error) });
  }
}

/**
 * R-SELF-3: the staff answer to a reply: an SMS through the letter register (a `reply-sms` duty,
 * so paced and kept out of quiet hours by the sweeper) within the segment limit, and the duty done,
 * in one transaction.
 */
export async function answerReply(
  store: Store,
  ref: { branchId: string; dutyId: string },
  body: {
    version: number;
    text?: string | undefined;
    template?: 'thanks' | 'call-back' | 'car-ready-soon' | undefined;
  },
  actor: Actor,
): Promise<{ duty: Duty; answer: { dutyId: string; text: string; sendAt: string } }> {
  const current = await getDuty(store, ref.branchId, ref.dutyId);
  if (current.kind !== 'customer-reply')
    throw new NotFoundError(`Duty ${ref.dutyId} is not a customer reply in branch ${ref.branchId}`);
  const customerId = String(current.payload.customerId);
  const to = String(current.payload.from) as E164;
  const [customer, branch] = await Promise.all([
    getCustomer(store, ref.branchId, customerId),
    branchSettings(store, ref.branchId),
  ]);
  const now = clock().now();
  const text = body.text ?? answerText(body.template ?? 'thanks', customer.locale);
  const plan = planSms({ templateId: 'reply-answer', variables: { text }, customer, branch, now });
  const limit = policyOf(branch).replies.answerMaxSegments;
  if (plan.segments > limit)
    throw new RuleViolationError(
      `The answer is ${plan.segments} SMS segments; at most ${limit} (body.text)`,
      'R-SELF-3',
    );
  const answer = replySmsStep(store, {
    branchId: ref.branchId,
    customerId,
    to,
    templateId: 'reply-answer',
    text,
    subject: current.record ?? current.subject,
    at: now,
  });
  const duty = await completeDuty(store, {
    branchId: ref.branchId,
    dutyId: ref.dutyId,
    version: body.version,
    result: { answeredBy: actor.staffId, answer: text, answerDutyId: answer.duty.id },
    actor,
    completions: { 'customer-reply': { steps: () => [answer.step] } },
  });
  return { duty, answer: { dutyId: answer.duty.id, text, sendAt: plan.sendAt } };
}

/**
 * R-SELF-3: staff put an opted-out phone back only with the customer's recorded consent (who, when,
 * how); without it the request is refused (422), and a phone not opted out is left as it is.
 */
export async function optPhoneBackIn(
  store: Store,
  branchId: string,
  body: {
    phone: string;
    consentBy?: string | undefined;
    consentAt?: string | undefined;
    consentHow?: string | undefined;
    note?: string | undefined;
  },
  actor: Actor,
): Promise<PhoneOptOut> {
  if (!body.consentBy || !body.consentAt || !body.consentHow)
    throw new RuleViolationError(
      "An opted-out phone is opted back in only with the customer's recorded consent: body.consentBy, body.consentAt and body.consentHow",
      'R-SELF-3',
    );
  const phone = body.phone as E164;
  // A branch opts back in only a phone of its own customers (R-ACC-3).
  if (!(await findCustomerByPhone(store, branchId, phone)))
    throw new NotFoundError(`No customer of branch ${branchId} has ${phone}`);
  const current = await phoneOptOut(store, phone);
  if (!current?.optedOut) throw new NotFoundError(`${phone} has not opted out`);
  const next = optOutChanged(current, phone, 'in', {
    at: clock().now().toISOString(),
    how: `staff, consent ${body.consentHow}`,
    by: actor.staffId,
    consent: `${body.consentBy} at ${body.consentAt} (${body.consentHow})${body.note ? `: ${body.note}` : ''}`,
  });
  await transact(store, [phoneOptOutStep(store, current, next)]);
  return next;
}

/**
 * R-CMP-4, R-SELF-3: a reply that is a complaint becomes a case in one call: the complaint case
 * (channel sms_reply, the customer's own words, the inbound letter) opened and the reply's duty
 * done, in one transaction.
 */
export async function complaintFromReply(
  store: Store,
  ref: { branchId: string; dutyId: string },
  body: { version: number; category: OpenComplaint['category'] },
  actor: Actor,
): Promise<{ duty: Duty; complaint: Complaint }> {
  const current = await getDuty(store, ref.branchId, ref.dutyId);
  if (current.kind !== 'customer-reply')
    throw new NotFoundError(`Duty ${ref.dutyId} is not a customer reply in branch ${ref.branchId}`);
  const customerId = String(current.payload.customerId);
  const [customer, branch] = await Promise.all([
    getCustomer(store, ref.branchId, customerId),
    branchSettings(store, ref.branchId),
  ]);
  const letter = current.payload.letter as { id?: string } | undefined;
  const { complaint, steps } = openComplaintSteps(store, {
    branchId: ref.branchId,
    body: {
      channel: 'sms_reply',
      customerId,
      ...(current.record?.kind === 'order' ? { orderId: current.record.id } : {}),
      words: String(current.payload.text),
      category: body.category,
      ...(letter?.id ? { replyLetterId: letter.id } : {}),
    },
    customer,
    actor,
    now: clock().now(),
    policy: policyOf(branch),
  });
  const duty = await completeDuty(store, {
    branchId: ref.branchId,
    dutyId: ref.dutyId,
    version: body.version,
    result: { complaintId: complaint.id },
    actor,
    completions: { 'customer-reply': { steps: () => steps } },
  });
  return { duty, complaint };
}
