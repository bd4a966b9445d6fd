import { describe, expect, it } from 'vitest';
import {
  answerDueAt,
  answerText,
  confirmable,
  normaliseReply,
  parseInboundNotification,
  replyAnswerer,
  replyKeyword,
} from '../../shared/replies/rules';
import type { StaffMember } from '../../shared/staff/schemas';

/**
 * R-SELF-3: the rules of customers' SMS replies, case by case (Stryker's survivors in
 * shared/replies/rules.ts pointed at these cases). Every value is built inside its `it`.
 */

type Member = Pick<StaffMember, 'id' | 'roles' | 'status'>;

describe('R-SELF-3: how a reply is normalised before keywords are matched', () => {
  it.each([
    ['leading and trailing spaces go', '  stop  ', 'stop'],
    ['a leading space alone goes', ' stop', 'stop'],
    ['a run of trailing punctuation goes', 'stop!!.', 'stop'],
    ['full-width trailing punctuation goes', '退订。！', '退订'],
    ['trailing punctuation then spaces go', 'Yes . ! ', 'yes'],
    ['punctuation inside the message stays', 'a. b', 'a. b'],
    ['punctuation at the start stays', '!stop', '!stop'],
    ['a run of inner spaces becomes one', 'please   stop\t\tnow', 'please stop now'],
    ['a single inner space stays one', 'please stop', 'please stop'],
    ['full-width letters and digits become ASCII (NFKC)', 'ＳＴＯＰ１', 'stop1'],
    ['upper case is folded to lower', 'StArT', 'start'],
    ['an empty message stays empty', '', ''],
  ])('R-SELF-3: %s (%j → %j)', (_case, text, normalised) => {
    expect(normaliseReply(text)).toBe(normalised);
  });
});

describe('R-SELF-3: the keyword a reply is, alone in the message', () => {
  it.each([
    ['STOP!!', 'opt-out'],
    ['  t ', 'opt-out'],
    ['取消订阅', 'opt-out'],
    ['Start.', 'opt-in'],
    ['订阅', 'opt-in'],
    ['YES', 'confirm'],
    ['y!', 'confirm'],
    ['stop now', undefined],
    ['s top', undefined],
    ['yes please', undefined],
    ['2', undefined],
    ['hello', undefined],
  ])('R-SELF-3: %j is %s', (text, keyword) => {
    expect(replyKeyword(text)).toBe(keyword);
  });
});

describe('R-SELF-3: a confirmation confirms only an appointment its reminder asked about', () => {
  it.each([
    [
      'the appointment reminder about an appointment',
      { templateId: 'appointment-reminder', subject: { kind: 'appointment', id: 'APT-7' } },
      { kind: 'appointment', id: 'APT-7' },
    ],
    [
      'the appointment reminder without a subject',
      { templateId: 'appointment-reminder', subject: undefined },
      undefined,
    ],
    ['the appointment reminder, no subject key', { templateId: 'appointment-reminder' }, undefined],
    [
      'the appointment reminder about an order',
      { templateId: 'appointment-reminder', subject: { kind: 'order', id: 'O-1' } },
      undefined,
    ],
    [
      'a pickup notice about an appointment',
      { templateId: 'pickup-notice', subject: { kind: 'appointment', id: 'APT-7' } },
      undefined,
    ],
    ['a survey invitation without a subject', { templateId: 'survey-invitation' }, undefined],
    ['no matched message', undefined, undefined],
  ])('R-SELF-3: %s', (_case, matched, confirms) => {
    expect(confirmable(matched)).toEqual(confirms);
  });
});

describe('R-SELF-3: who answers a reply (the open order advisor, else the follow-up agent, else a supervisor; all active)', () => {
  it.each<[string, { openOrderAdvisor?: string; followUpAgentId?: string }, string[], string | undefined]>([
    ['the advisor before the agent', { openOrderAdvisor: 'adv', followUpAgentId: 'agent' }, [], 'adv'],
    [
      'the advisor, not the first active member listed',
      { openOrderAdvisor: 'adv' },
      ['other', 'adv', 'sup'],
      'adv',
    ],
    [
      'an advisor unknown to the branch: the agent',
      { openOrderAdvisor: 'nobody', followUpAgentId: 'agent' },
      [],
      'agent',
    ],
    ['an advisor who left: the agent', { openOrderAdvisor: 'gone', followUpAgentId: 'agent' }, [], 'agent'],
    ['no advisor: the agent', { followUpAgentId: 'agent' }, [], 'agent'],
    ['an agent who left: a supervisor', { followUpAgentId: 'gone' }, [], 'sup'],
    ['nobody named: a supervisor', {}, [], 'sup'],
    ['nobody named and no supervisor: nobody', {}, ['adv', 'agent', 'other'], undefined],
    [
      'an advisor who left and no supervisor: nobody',
      { openOrderAdvisor: 'gone' },
      ['gone', 'other'],
      undefined,
    ],
  ])('R-SELF-3: %s', (_case, input, only, who) => {
    const everyone: Member[] = [
      { id: 'other', roles: ['cashier'], status: 'regular' },
      { id: 'gone', roles: ['advisor', 'follow-up'], status: 'left' },
      { id: 'adv', roles: ['advisor'], status: 'regular' },
      { id: 'agent', roles: ['follow-up'], status: 'probation' },
      { id: 'sup', roles: ['supervisor'], status: 'regular' },
    ];
    const members = only.length > 0 ? everyone.filter((m) => only.includes(m.id)) : everyone;
    expect(replyAnswerer(input, members)).toBe(who);
  });
});

describe('R-SELF-3: the staff answer is due the policy minutes after the reply reached staff', () => {
  it.each([
    ['2026-12-07T08:00:00.000Z', 60, '2026-12-07T09:00:00.000Z'],
    ['2026-12-07T23:30:00.000Z', 45, '2026-12-08T00:15:00.000Z'],
    ['2026-12-07T08:00:00.000Z', 0, '2026-12-07T08:00:00.000Z'],
  ])('R-SELF-3: reached staff at %s, answer within %i min: due %s', (reached, minutes, due) => {
    expect(answerDueAt(new Date(reached), minutes).toISOString()).toBe(due);
  });
});

describe('R-SELF-3: the reply templates staff may answer with, in the customer’s language', () => {
  it.each([
    ['thanks', 'en', 'Thank you for your reply; we have received it.'],
    ['thanks', 'zh-Hans', '感谢您的回复，我们已收到。'],
    ['call-back', 'zh-Hant', '我們已收到您的訊息，稍後將致電與您聯繫。'],
    ['car-ready-soon', 'en', 'We are working on your car and will let you know as soon as it is ready.'],
  ] as const)('R-SELF-3: %s in %s', (template, locale, text) => {
    expect(answerText(template, locale)).toBe(text);
  });
});

describe('R-SELF-3, R-X-3: an inbound notification is parsed or refused with its reason', () => {
  it.each([
    ['not JSON', '{oops', 'the SNS message is not JSON'],
    ['null', 'null', 'the SNS message is not a JSON object'],
    ['a number', '42', 'the SNS message is not a JSON object'],
    ['a string', '"STOP"', 'the SNS message is not a JSON object'],
    ['an array', '[{"messageBody":"STOP"}]', 'the SNS message is not a JSON object'],
    [
      'a phone not in E.164',
      '{"originationNumber":"13800138000","destinationNumber":"+15550100100","messageBody":"STOP"}',
      'originationNumber: Not an E.164 number',
    ],
  ])('R-X-3: refuses %s', (_case, message, refused) => {
    expect(parseInboundNotification(message, 'sns-1')).toEqual({ refused });
  });

  it('R-X-3: names every field at fault, each with its path', () => {
    const result = parseInboundNotification(JSON.stringify({ destinationNumber: '+15550100100' }), 'sns-1');
    expect(result).toHaveProperty('refused');
    const refused = (result as { refused: string }).refused.split('; ');
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatch(/^originationNumber: \S/);
    expect(refused[1]).toMatch(/^messageBody: \S/);
  });

  it('R-SELF-3: a good notification gives the SMS, its own id before the SNS one', () => {
    const good = {
      originationNumber: '+8613800138000',
      destinationNumber: '+15550100100',
      messageBody: 'STOP',
      messageKeyword: 'KEYWORD',
    };
    expect(parseInboundNotification(JSON.stringify(good), 'sns-9')).toEqual({
      sms: { ...good, inboundMessageId: 'sns-9' },
    });
    expect(parseInboundNotification(JSON.stringify({ ...good, inboundMessageId: 'in-1' }), 'sns-9')).toEqual({
      sms: { ...good, inboundMessageId: 'in-1' },
    });
  });
});
