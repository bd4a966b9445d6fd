import { describe, expect, it } from 'vitest';
import {
  isUnsent,
  type LetterStatus,
  letterNeedsRevision,
  optOutSuppresses,
  planSms,
  waitsUntil,
} from '../../shared/letters/rules/letter';
import { type TemplateId, templates } from '../../shared/letters/rules/templates';
import { publicBaseUrl } from '../../shared/platform/ports/link-signer';

/**
 * R-X-1, R-FUP-6, R-SELF-1, R-SELF-3, R-MKT-3: the letter rules case by case (Stryker's survivors
 * in shared/letters/rules/letter.ts pointed at these cases). Every value is built inside its `it`.
 */

const mask = '*'.repeat(22);
const base = 'https://c.shop.example';

function plan(overrides: {
  templateId?: TemplateId;
  withLink?: boolean;
  selfServiceLinks?: boolean;
  linkBaseUrl?: string | null;
  urgent?: boolean;
  sendAt?: string;
  now?: string;
  optOut?: boolean;
}) {
  const templateId = overrides.templateId ?? 'pickup-notice';
  const variables = Object.fromEntries(templates[templateId].variables.map((v) => [v, `<${v}>`]));
  return planSms({
    templateId,
    variables: variables as never,
    customer: { locale: 'en', marketingOptOut: overrides.optOut ?? false },
    branch: {
      quietHours: { start: '21:00', end: '08:00' },
      timeZone: 'Asia/Shanghai',
      ...(overrides.selfServiceLinks === undefined ? {} : { selfServiceLinks: overrides.selfServiceLinks }),
    },
    ...(overrides.withLink === undefined ? {} : { withLink: overrides.withLink }),
    ...(overrides.linkBaseUrl === null ? {} : { linkBaseUrl: overrides.linkBaseUrl ?? base }),
    ...(overrides.urgent === undefined ? {} : { urgent: overrides.urgent }),
    ...(overrides.sendAt === undefined ? {} : { sendAt: new Date(overrides.sendAt) }),
    // 14:00 in Shanghai unless told.
    now: new Date(overrides.now ?? '2026-03-02T06:00:00.000Z'),
  });
}

describe('R-SELF-1: an SMS carries the link variant when its template has one and the branch allows links', () => {
  it.each<[string, Parameters<typeof plan>[0], boolean]>([
    ['a pickup notice, by default: no link', {}, false],
    ['a pickup notice asked with its link', { withLink: true }, true],
    ['a pickup notice asked without', { withLink: false }, false],
    [
      'a pickup notice asked with its link, branch links on',
      { withLink: true, selfServiceLinks: true },
      true,
    ],
    [
      'a pickup notice asked with its link, branch links off',
      { withLink: true, selfServiceLinks: false },
      false,
    ],
    ['a survey invitation, by default: its link', { templateId: 'survey-invitation' }, true],
    ['a survey invitation asked without', { templateId: 'survey-invitation', withLink: false }, false],
    [
      'a survey invitation, branch links off',
      { templateId: 'survey-invitation', selfServiceLinks: false },
      false,
    ],
    [
      'a template without a link variant asked with a link',
      { templateId: 'follow-up-greeting', withLink: true },
      false,
    ],
    [
      'a marketing reminder without a link variant asked with a link',
      { templateId: 'maintenance-reminder', withLink: true },
      false,
    ],
  ])('R-SELF-1: %s', (_case, overrides, linked) => {
    const { text } = plan(overrides);
    const templateId = overrides.templateId ?? 'pickup-notice';
    if (linked) {
      expect(text).toContain(`${base}/c#${mask}`);
      expect(text).not.toBe(templates[templateId].text.en.replace(/\{(\w+)\}/g, '<$1>'));
    } else {
      expect(text).not.toContain('/c#');
      expect(text).toBe(templates[templateId].text.en.replace(/\{(\w+)\}/g, '<$1>'));
    }
  });

  it('R-SELF-1: without a base URL the link uses the port’s public base URL', () => {
    const { text } = plan({ templateId: 'survey-invitation', linkBaseUrl: null });
    expect(text).toContain(`${publicBaseUrl()}/c#${mask}`);
    expect(plan({ templateId: 'survey-invitation', linkBaseUrl: 'https://other.example' }).text).toContain(
      `https://other.example/c#${mask}`,
    );
  });
});

describe('R-X-1: when a planned SMS goes, and whether it is urgent', () => {
  it.each<[string, Parameters<typeof plan>[0], LetterStatus, string, boolean]>([
    ['daytime, not said: now, not urgent', {}, 'queued', '2026-03-02T06:00:00.000Z', false],
    [
      'daytime, meant for exactly now: now',
      { sendAt: '2026-03-02T06:00:00.000Z' },
      'queued',
      '2026-03-02T06:00:00.000Z',
      false,
    ],
    [
      'meant for a millisecond later: then',
      { sendAt: '2026-03-02T06:00:00.001Z' },
      'deferred',
      '2026-03-02T06:00:00.001Z',
      false,
    ],
    [
      'in quiet hours, urgent: now',
      { now: '2026-03-02T14:00:00.000Z', urgent: true },
      'queued',
      '2026-03-02T14:00:00.000Z',
      true,
    ],
    [
      'in quiet hours, said not urgent: their end',
      { now: '2026-03-02T14:00:00.000Z', urgent: false },
      'deferred',
      '2026-03-03T00:00:00.000Z',
      false,
    ],
    [
      'in quiet hours, urgency not said: their end',
      { now: '2026-03-02T14:00:00.000Z' },
      'deferred',
      '2026-03-03T00:00:00.000Z',
      false,
    ],
    [
      'marketing to an opted-out customer in quiet hours: suppressed',
      { templateId: 'maintenance-reminder', optOut: true, now: '2026-03-02T14:00:00.000Z' },
      'suppressed',
      '2026-03-03T00:00:00.000Z',
      false,
    ],
  ])('R-X-1: %s', (_case, overrides, status, sendAt, urgent) => {
    expect(plan(overrides)).toMatchObject({ status, sendAt, urgent });
  });

  it('R-X-1, R-FUP-6: the plan names its template, locale, kind and segments', () => {
    expect(plan({ templateId: 'maintenance-reminder' })).toEqual({
      templateId: 'maintenance-reminder',
      locale: 'en',
      kind: 'marketing',
      text: 'Your car <plate> is due for maintenance on <due>. Book a visit any time. Reply STOP to opt out',
      segments: 1,
      encoding: 'GSM-7',
      status: 'queued',
      sendAt: '2026-03-02T06:00:00.000Z',
      urgent: false,
    });
  });
});

describe('R-SELF-3, R-X-1: an opt-out by reply stops every letter but service notices and keyword confirmations', () => {
  it.each(Object.keys(templates) as TemplateId[])('R-SELF-3: %s', (templateId) => {
    const { category } = templates[templateId];
    const kept = [
      'pickup-notice',
      'delay-notice',
      'addon-approval-request',
      'opt-out-confirmation',
      'opt-in-confirmation',
    ];
    expect(optOutSuppresses(templateId)).toBe(!kept.includes(templateId));
    expect(['service', 'keyword'].includes(category)).toBe(kept.includes(templateId));
  });
});

describe('R-FUP-6: a letter not sent yet may still change or go', () => {
  it.each<[LetterStatus, boolean]>([
    ['queued', true],
    ['deferred', true],
    ['failed', true],
    ['sent', false],
    ['suppressed', false],
    ['withdrawn', false],
    ['received', false],
  ])('R-FUP-6: %s unsent: %s', (status, unsent) => {
    expect(isUnsent(status)).toBe(unsent);
  });
});

describe('R-X-1, R-FUP-6: whether a waiting letter is rewritten (edges)', () => {
  const now = '2026-03-02T22:00:00.000Z';
  it.each<
    [
      string,
      { status: LetterStatus; sendAt: string },
      { status: 'queued' | 'deferred' | 'suppressed'; sendAt: string },
      boolean,
    ]
  >([
    [
      'deferred to a time past, planned deferred to another time past: both mean now',
      { status: 'deferred', sendAt: '2026-03-02T20:00:00.000Z' },
      { status: 'deferred', sendAt: '2026-03-02T21:00:00.000Z' },
      false,
    ],
    [
      'queued at one time, planned queued at another: both mean now',
      { status: 'queued', sendAt: '2026-03-02T20:00:00.000Z' },
      { status: 'queued', sendAt: '2026-03-03T01:00:00.000Z' },
      false,
    ],
    [
      'deferred to exactly now, planned now: no',
      { status: 'deferred', sendAt: now },
      { status: 'queued', sendAt: '2026-03-02T23:00:00.000Z' },
      false,
    ],
    [
      'deferred a millisecond from now, planned now: yes',
      { status: 'deferred', sendAt: '2026-03-02T22:00:00.001Z' },
      { status: 'queued', sendAt: now },
      true,
    ],
    [
      'queued, planned deferred a millisecond from now: yes',
      { status: 'queued', sendAt: now },
      { status: 'deferred', sendAt: '2026-03-02T22:00:00.001Z' },
      true,
    ],
    [
      'suppressed, planned suppressed: no',
      { status: 'suppressed', sendAt: now },
      { status: 'suppressed', sendAt: now },
      false,
    ],
    [
      'suppressed, now planned to go: yes',
      { status: 'suppressed', sendAt: now },
      { status: 'queued', sendAt: now },
      true,
    ],
    [
      'queued, now suppressed at the same time: yes',
      { status: 'queued', sendAt: now },
      { status: 'suppressed', sendAt: now },
      true,
    ],
  ])('R-X-1: %s', (_case, letter, next, rewritten) => {
    const to = '+8613800138000';
    const text = 'Your car <plate> will be ready at <time>.';
    expect(letterNeedsRevision({ to, text, ...letter }, { to, plan: { text, ...next } }, new Date(now))).toBe(
      rewritten,
    );
  });

  it.each<[string, { to?: string; text?: string }, boolean]>([
    ['the same number and text', {}, false],
    ['another number', { to: '+8613900139000' }, true],
    ['another text', { text: 'Your car <plate> is late.' }, true],
  ])('R-X-1: %s', (_case, change, rewritten) => {
    const now = new Date('2026-03-02T22:00:00.000Z');
    const letter = {
      to: '+8613800138000',
      text: 'Your car <plate> will be ready at <time>.',
      status: 'queued' as const,
      sendAt: now.toISOString(),
    };
    const next = {
      to: change.to ?? letter.to,
      plan: { text: change.text ?? letter.text, status: 'queued' as const, sendAt: letter.sendAt },
    };
    expect(letterNeedsRevision(letter, next, now)).toBe(rewritten);
  });
});

describe('R-X-1: how long a letter keeps its duty waiting (edges)', () => {
  it.each<[string, LetterStatus, string, string | undefined]>([
    [
      'deferred a millisecond from now: until then',
      'deferred',
      '2026-03-02T22:00:00.001Z',
      '2026-03-02T22:00:00.001Z',
    ],
    ['failed with a later time: not at all', 'failed', '2026-03-03T00:00:00.000Z', undefined],
    ['suppressed with a later time: not at all', 'suppressed', '2026-03-03T00:00:00.000Z', undefined],
  ])('R-X-1: %s', (_case, status, sendAt, until) => {
    expect(waitsUntil({ status, sendAt }, new Date('2026-03-02T22:00:00.000Z'))?.toISOString()).toBe(until);
  });
});
