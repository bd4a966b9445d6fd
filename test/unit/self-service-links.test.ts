import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../shared/kernel/policy';
import { renderSms } from '../../shared/letters/rules/render';
import { segments } from '../../shared/letters/rules/segments';
import {
  type SmsLocale,
  type SmsTemplate,
  type TemplateId,
  templates,
} from '../../shared/letters/rules/templates';
import { hashToken, mintToken } from '../../shared/platform/ports/link-signer';
import {
  linkAllows,
  linkExpiry,
  linkRefusal,
  linkTokenPattern,
  linkUrl,
  maskedToken,
  purposesAllowing,
  rateWindow,
  unmaskLink,
} from '../../shared/self-service/rules/links';

/** R-SELF-1: the pure rules of self-service links. */
const secret = 'unit-test-secret-0123456789abcdef0123456789';
const now = new Date('2031-06-11T06:00:00.000Z');

describe('link tokens (R-SELF-1)', () => {
  it('derives 22 base64url characters (128 bits), the same for the same id, another for another id', () => {
    const token = mintToken(secret, '01JLINK0000000000000000001');
    expect(token).toMatch(linkTokenPattern);
    expect(mintToken(secret, '01JLINK0000000000000000001')).toBe(token);
    expect(mintToken(secret, '01JLINK0000000000000000002')).not.toBe(token);
    expect(mintToken(`${secret}x`, '01JLINK0000000000000000001')).not.toBe(token);
  });

  it('keys the link by the SHA-256 of the token, never the token', () => {
    const token = mintToken(secret, 'a');
    expect(hashToken(token)).toHaveLength(43);
    expect(hashToken(token)).not.toContain(token);
  });

  it('masks the token in the register with the same length and puts it back only for the sender', () => {
    const token = mintToken(secret, 'a');
    const masked = `Status: ${linkUrl('https://shop.example.com/', maskedToken)}`;
    expect(masked).toBe(`Status: https://shop.example.com/c#${'*'.repeat(22)}`);
    const sent = unmaskLink(masked, 'https://shop.example.com', token);
    expect(sent).toHaveLength(masked.length);
    expect(segments(sent)).toEqual(segments(masked));
  });
});

describe('what a link allows and when it refuses (R-SELF-1, R-ADD-2, R-APT-1)', () => {
  it.each([
    ['status', 'answer-addon', true],
    ['addon', 'answer-addon', true],
    ['addon', 'confirm-appointment', false],
    ['appointment', 'confirm-appointment', true],
    ['appointment', 'answer-addon', false],
    ['survey', 'answer-survey', true],
    ['survey', 'answer-addon', false],
  ] as const)('a %s link may %s: %s', (purpose, action, allowed) => {
    expect(linkAllows(purpose, action)).toBe(allowed);
    expect(purposesAllowing(action).includes(purpose)).toBe(allowed);
  });

  const live = { expiresAt: '2031-06-12T06:00:00.000Z' };
  it.each([
    ['a live link serves', live, 'answer-addon', undefined],
    ['an expired link', { expiresAt: now.toISOString() }, 'view', 'link-expired'],
    [
      'a revoked link, even unexpired',
      { ...live, revokedAt: '2031-06-11T05:00:00.000Z' },
      'view',
      'link-revoked',
    ],
    ['a spent link still shows', { ...live, spentAt: '2031-06-11T05:00:00.000Z' }, 'view', undefined],
    [
      'a spent link refuses an action',
      { ...live, spentAt: '2031-06-11T05:00:00.000Z' },
      'answer-addon',
      'link-spent',
    ],
  ] as const)('%s', (_case, link, action, refusal) => {
    expect(linkRefusal(link, action, now)?.type).toBe(refusal);
  });

  it.each([
    ['status', 14],
    ['addon', 3],
    ['appointment', 7],
    ['survey', 7],
  ] as const)('a %s link lives %i days by the chain policy', (purpose, days) => {
    expect(linkExpiry(purpose, now, defaultPolicy).getTime() - now.getTime()).toBe(days * 86_400_000);
  });

  it('counts calls in fixed windows and says how long until the next', () => {
    const window = rateWindow(new Date('2031-06-11T06:00:45.000Z'), defaultPolicy);
    expect(window.retryAfter).toBe(15);
    expect(window.start % 60).toBe(0);
    expect(window.ttl).toBe(window.start + 120);
  });
});

describe('SMS with a link keep their measured segments (R-SELF-1, R-X-1)', () => {
  // A realistic base (about 30 characters), long plates, times and reasons.
  const url = linkUrl('https://c.repair-chain.example', maskedToken);
  const values: Record<string, string> = {
    plate: '粤B12345',
    time: '12月31日 17:30',
    reason: '等待原厂配件到货',
    items: '更换前刹车盘、更换雨刮片',
    amount: 'CNY 1280.00',
  };
  const withLink = Object.entries(templates as Record<TemplateId, SmsTemplate>).filter(([, t]) => t.linkText);
  it.each(
    withLink.flatMap(([id, t]) =>
      (['zh-Hant', 'zh-Hans', 'en'] as const).map((locale) => [id, locale, t.linkSegments ?? 0] as const),
    ),
  )('%s in %s with its link fits %i segments, with the signature', (id, locale, max) => {
    const template = templates[id as TemplateId] as SmsTemplate;
    const variables = Object.fromEntries(template.variables.map((v) => [v, values[v] ?? 'x']));
    const text = renderSms({
      templateId: id as TemplateId,
      locale: locale as SmsLocale,
      variables: variables as never,
      signature: '快修连锁',
      link: url,
    });
    expect(text).toContain(url);
    expect(segments(text).segments).toBeLessThanOrEqual(max);
    const used = [...(template.linkText?.[locale as SmsLocale] ?? '').matchAll(/\{(\w+)\}/g)].map(
      (m) => m[1],
    );
    expect(new Set(used)).toEqual(new Set([...template.variables, 'link']));
  });
});
