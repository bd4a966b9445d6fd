import { InvalidTransitionError, RuleViolationError } from '../kernel/errors';
import type { Policy } from '../kernel/policy';
import type { Complaint, ComplaintChannel, ComplaintState } from './schemas';

/**
 * The rules of a complaint case (R-CMP-1..4, reception rule 14): its states and actions, when it
 * must be answered, and whether an answer came in time. Data and a clock in, a decision out.
 */
export type ComplaintAction = 'answer' | 'promise' | 'solve' | 'close';

const allowed: Record<ComplaintState, readonly ComplaintAction[]> = {
  open: ['answer', 'promise', 'solve'],
  answered: ['solve', 'close'],
  solved: ['close'],
  closed: [],
};

export function requireComplaintAction(
  complaint: Pick<Complaint, 'state' | 'id'>,
  action: ComplaintAction,
): void {
  const actions = allowed[complaint.state];
  if (!actions.includes(action)) {
    throw new InvalidTransitionError(
      `Complaint ${complaint.id} is ${complaint.state}: it cannot ${action}`,
      complaint.state,
      [...actions],
    );
  }
}

/** Channels where nobody spoke to the customer yet: the case gets the policy's response time. */
const unattended: readonly ComplaintChannel[] = ['sms_reply', 'survey', 'call_item'];

/**
 * R-CMP-2: a complaint taken from the customer in person or by phone is answered at once or the
 * customer is promised a response time (下次答復時間); one that arrived unattended (R-CMP-4) or a
 * call item left open gets `complaints.defaultResponseHours`. The promise lies ahead, within
 * `promiseWithinDays`. Returns the response time to schedule, or undefined (answered at once).
 */
export function responseDeadline(
  input: { channel: ComplaintChannel; answer?: string | undefined; respondBy?: string | undefined },
  now: Date,
  policy: Pick<Policy, 'complaints'>,
): Date | undefined {
  if (input.answer && input.respondBy) {
    throw new RuleViolationError(
      'Answered at once needs no promised response time: give one of them',
      'R-CMP-2',
    );
  }
  if (input.answer) return undefined;
  if (input.respondBy) return checkPromise(new Date(input.respondBy), now, policy);
  if (unattended.includes(input.channel)) {
    return new Date(now.getTime() + policy.complaints.defaultResponseHours * 3_600_000);
  }
  throw new RuleViolationError(
    'A complaint taken from the customer is answered at once (answer) or the customer is promised a response time (respondBy)',
    'R-CMP-2',
  );
}

/** R-CMP-2: a promised response time is still to come and within the policy's reach. */
export function checkPromise(respondBy: Date, now: Date, policy: Pick<Policy, 'complaints'>): Date {
  if (respondBy.getTime() <= now.getTime()) {
    throw new RuleViolationError('The promised response time must still be to come', 'R-CMP-2');
  }
  if (respondBy.getTime() > now.getTime() + policy.complaints.promiseWithinDays * 86_400_000) {
    throw new RuleViolationError(
      `A response is promised at most ${policy.complaints.promiseWithinDays} days ahead`,
      'R-CMP-2',
    );
  }
  return respondBy;
}

/** R-CMP-3: the response time (taken → answered, whole minutes) and whether it kept the promise. */
export function answerTiming(
  complaint: Pick<Complaint, 'takenAt' | 'promise'>,
  answeredAt: Date,
): { minutes: number; onTime: boolean } {
  const minutes = Math.max(0, Math.floor((answeredAt.getTime() - Date.parse(complaint.takenAt)) / 60_000));
  const onTime = complaint.promise ? answeredAt.getTime() <= Date.parse(complaint.promise.respondBy) : true;
  return { minutes, onTime };
}

/** R-CMP-1: a complaint from a call item names its call; a call item's case names it only then. */
export function checkChannelLinks(input: {
  channel: ComplaintChannel;
  call?: unknown;
  replyLetterId?: string | undefined;
}): void {
  if (input.channel === 'call_item' && !input.call) {
    throw new RuleViolationError(
      'A complaint from a call item names the call and its item (call)',
      'R-CMP-1',
    );
  }
  if (input.channel !== 'call_item' && input.call) {
    throw new RuleViolationError('Only a call_item complaint names a call', 'R-CMP-1');
  }
  if (input.replyLetterId && input.channel !== 'sms_reply') {
    throw new RuleViolationError('Only an sms_reply complaint names the reply letter', 'R-CMP-4');
  }
}
