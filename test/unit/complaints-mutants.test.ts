import { describe, expect, it } from 'vitest';
import {
  type ComplaintAction,
  checkChannelLinks,
  checkPromise,
  requireComplaintAction,
  responseDeadline,
} from '../../shared/complaints/rules';
import type { ComplaintChannel, ComplaintState } from '../../shared/complaints/schemas';
import { policyFor } from '../../shared/kernel/policy';
import { refusal } from '../support/refusals';
import { expectTransition } from '../support/transitions';

/**
 * Survivors of the mutation run of shared/complaints/rules.ts (issue 14 item 4), each a case of
 * R-CMP-1, R-CMP-2 or R-CMP-4: the state machine whole, the promised response time at its edges
 * and every refusal word for word with its rule.
 */
const policy = policyFor();
const now = new Date('2026-11-29T02:00:00Z');
const days = policy.complaints.promiseWithinDays;

describe('the state machine of a case, whole (R-CMP-3)', () => {
  const actions: ComplaintAction[] = ['answer', 'promise', 'solve', 'close'];
  const allowed: Record<ComplaintState, ComplaintAction[]> = {
    open: ['answer', 'promise', 'solve'],
    answered: ['solve', 'close'],
    solved: ['close'],
    closed: [],
  };
  const cases = Object.entries(allowed).flatMap(([state, ok]) =>
    actions.map((action) => [state as ComplaintState, action, ok.includes(action)] as const),
  );
  it.each(cases)('R-CMP-3: a %s case may %s: %s', (state, action, ok) => {
    expectTransition(() => requireComplaintAction({ id: 'C1', state }, action), {
      ok,
      message: `Complaint C1 is ${state}: it cannot ${action}`,
      state,
      allowedActions: allowed[state],
    });
  });
});

describe('the response time, refusals word for word (R-CMP-2)', () => {
  const ahead = (ms: number) => new Date(now.getTime() + ms).toISOString();
  it.each<[string, { channel: ComplaintChannel; answer?: string; respondBy?: string }, string]>([
    [
      'R-CMP-2: an answer and a promise at once',
      { channel: 'phone', answer: 'x', respondBy: ahead(3_600_000) },
      'Answered at once needs no promised response time: give one of them',
    ],
    [
      'R-CMP-2: a case taken by phone with neither',
      { channel: 'phone' },
      'A complaint taken from the customer is answered at once (answer) or the customer is promised a response time (respondBy)',
    ],
    [
      'R-CMP-2: a promise equal to now',
      { channel: 'phone', respondBy: ahead(0) },
      'The promised response time must still be to come',
    ],
    [
      'R-CMP-2: a promise a millisecond past the reach',
      { channel: 'in_person', respondBy: ahead(days * 86_400_000 + 1) },
      `A response is promised at most ${days} days ahead`,
    ],
  ])('%s is refused', (_case, input, message) => {
    const error = refusal(() => responseDeadline(input, now, policy));
    expect([error.message, error.extensions.rule]).toEqual([message, 'R-CMP-2']);
  });

  it.each([
    ['R-CMP-2: a millisecond from now is still to come', 1],
    ['R-CMP-2: exactly the reach is allowed', days * 86_400_000],
  ])('%s', (_case, ms) => {
    const respondBy = new Date(now.getTime() + ms);
    expect(checkPromise(respondBy, now, policy)).toEqual(respondBy);
  });
});

describe('the links of a case to its source (R-CMP-1, R-CMP-4)', () => {
  const call = { callId: 'CALL1', item: 0 };
  it.each<
    [
      string,
      { channel: ComplaintChannel; call?: unknown; replyLetterId?: string },
      [string, string] | undefined,
    ]
  >([
    ['R-CMP-1: a call item naming its call', { channel: 'call_item', call }, undefined],
    [
      'R-CMP-1: a call item without its call',
      { channel: 'call_item' },
      ['A complaint from a call item names the call and its item (call)', 'R-CMP-1'],
    ],
    ['R-CMP-1: a phone case naming no call', { channel: 'phone' }, undefined],
    [
      'R-CMP-1: a phone case naming a call',
      { channel: 'phone', call },
      ['Only a call_item complaint names a call', 'R-CMP-1'],
    ],
    ['R-CMP-4: an SMS reply naming its letter', { channel: 'sms_reply', replyLetterId: 'L1' }, undefined],
    [
      'R-CMP-4: a survey naming a reply letter',
      { channel: 'survey', replyLetterId: 'L1' },
      ['Only an sms_reply complaint names the reply letter', 'R-CMP-4'],
    ],
    ['R-CMP-4: an SMS reply without a letter', { channel: 'sms_reply' }, undefined],
  ])('%s', (_case, input, refused) => {
    if (refused === undefined) {
      expect(() => checkChannelLinks(input)).not.toThrow();
      return;
    }
    const error = refusal(() => checkChannelLinks(input));
    expect([error.message, error.extensions.rule]).toEqual(refused);
  });
});
