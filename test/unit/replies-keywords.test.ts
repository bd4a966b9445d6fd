import { describe, expect, it } from 'vitest';
import { optOutSuppresses } from '../../shared/letters/rules/letter';
import type { TemplateId } from '../../shared/letters/rules/templates';
import {
  confirmable,
  normaliseReply,
  parseInboundNotification,
  replyAnswerer,
  replyKeyword,
} from '../../shared/replies/rules';

describe('R-SELF-3: reply keywords, alone in the message, case- and width-insensitive', () => {
  it.each([
    ['STOP', 'opt-out'],
    ['stop', 'opt-out'],
    [' Stop. ', 'opt-out'],
    ['ＳＴＯＰ', 'opt-out'],
    ['退订', 'opt-out'],
    ['退訂', 'opt-out'],
    ['TD', 'opt-out'],
    ['ｔｄ', 'opt-out'],
    ['取消訂閱', 'opt-out'],
    ['START', 'opt-in'],
    ['訂閱', 'opt-in'],
    ['1', 'confirm'],
    ['１', 'confirm'],
    ['Y', 'confirm'],
    ['是', 'confirm'],
    ['please stop the work', undefined],
    ['STOP calling me after 9pm', undefined],
    ['不要退订', undefined],
    ['11', undefined],
    ['', undefined],
  ])('%j is %s', (message, keyword) => {
    expect(replyKeyword(message)).toBe(keyword);
  });

  it('normalises full-width letters and digits and case-folds (R-SELF-3)', () => {
    expect(normaliseReply('  ＳＴＡＲＴ！ ')).toBe('start');
  });
});

describe('R-SELF-3, R-X-1: an opt-out by reply stops everything but the service notices of the car in the shop', () => {
  it.each<[TemplateId, boolean]>([
    ['pickup-notice', false],
    ['delay-notice', false],
    ['addon-approval-request', false],
    ['opt-out-confirmation', false],
    ['maintenance-reminder', true],
    ['declined-work-reminder', true],
    ['appointment-reminder', true],
    ['follow-up-greeting', true],
    ['reply-answer', true],
  ])('%s suppressed: %s', (templateId, suppressed) => {
    expect(optOutSuppresses(templateId)).toBe(suppressed);
  });
});

describe('R-SELF-3: a confirmation keyword confirms what the matched message asked, nothing else', () => {
  it.each([
    [
      { templateId: 'appointment-reminder', subject: { kind: 'appointment', id: 'A1' } },
      { kind: 'appointment', id: 'A1' },
    ],
    [{ templateId: 'pickup-notice', subject: { kind: 'order', id: 'O1' } }, undefined],
    [undefined, undefined],
  ])('%j confirms %j', (matched, what) => {
    expect(confirmable(matched)).toEqual(what);
  });
});

describe('R-SELF-3: who answers a reply', () => {
  const members = [
    { id: 'adv', roles: ['advisor' as const], status: 'regular' as const },
    { id: 'agent', roles: ['follow-up' as const], status: 'regular' as const },
    { id: 'sup', roles: ['supervisor' as const], status: 'regular' as const },
    { id: 'gone', roles: ['advisor' as const], status: 'left' as const },
  ];
  it.each([
    [{ openOrderAdvisor: 'adv', followUpAgentId: 'agent' }, 'adv'],
    [{ followUpAgentId: 'agent' }, 'agent'],
    [{ openOrderAdvisor: 'gone' }, 'sup'],
    [{}, 'sup'],
  ])('%j → %s', (input, who) => {
    expect(replyAnswerer(input, members)).toBe(who);
  });
});

describe('R-SELF-3, R-X-3: a malformed notification is refused, never acted on', () => {
  const good = {
    originationNumber: '+8613800138000',
    destinationNumber: '+15550100100',
    messageKeyword: 'KEYWORD',
    messageBody: 'STOP',
    inboundMessageId: 'm-1',
  };
  it.each([
    ['not JSON', '{oops'],
    ['an array', '[]'],
    ['no phone', JSON.stringify({ ...good, originationNumber: undefined })],
    ['a phone not in E.164', JSON.stringify({ ...good, originationNumber: '13800138000' })],
    ['no body', JSON.stringify({ ...good, messageBody: undefined })],
  ])('refuses %s', (_, message) => {
    expect(parseInboundNotification(message, 'sns-1')).toHaveProperty('refused');
  });

  it('takes the inbound message id, else the SNS message id, as the idempotency key', () => {
    expect(parseInboundNotification(JSON.stringify(good), 'sns-1')).toMatchObject({
      sms: { inboundMessageId: 'm-1' },
    });
    const { inboundMessageId: _, ...noId } = good;
    expect(parseInboundNotification(JSON.stringify(noId), 'sns-1')).toMatchObject({
      sms: { inboundMessageId: 'sns-1' },
    });
  });
});
