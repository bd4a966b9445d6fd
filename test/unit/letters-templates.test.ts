import { describe, expect, it } from 'vitest';
import { canMoveLetter, planSms } from '../../shared/letters/rules/letter';
import { formatSmsTime, MissingTemplateVariableError, renderSms } from '../../shared/letters/rules/render';
import { type SmsLocale, type TemplateId, templates } from '../../shared/letters/rules/templates';

/** R-X-1: templates per customer locale, the registered 【signature】, opt-out and quiet hours. */
const branch = {
  smsSignature: '快修连锁',
  quietHours: { start: '21:00', end: '08:00' },
  timeZone: 'Asia/Shanghai',
};
const daytime = new Date('2026-03-02T06:00:00.000Z'); // 14:00 in Shanghai
const evening = new Date('2026-03-02T14:00:00.000Z'); // 22:00 in Shanghai

describe('SMS templates (R-X-1)', () => {
  it.each([
    ['zh-Hans', '【快修连锁】您的爱车 粤B12345 将于 3月2日 17:30 完工，欢迎届时取车。'],
    ['zh-Hant', '【快修连锁】您的愛車 粤B12345 將於 3月2日 17:30 完工，歡迎屆時取車。'],
    [
      'en',
      '【快修连锁】Your car 粤B12345 will be ready at 3月2日 17:30. You are welcome to collect it then.',
    ],
  ] as const)('renders the pickup notice in %s after the branch signature', (locale, text) => {
    const variables = { plate: '粤B12345', time: '3月2日 17:30' };
    expect(renderSms({ templateId: 'pickup-notice', locale, variables, signature: '快修连锁' })).toBe(text);
  });

  it('sends no signature brackets for a branch without a registered signature', () => {
    const text = renderSms({
      templateId: 'pickup-notice',
      locale: 'en',
      variables: { plate: 'AB 123', time: '17:30' },
    });
    expect(text).toBe('Your car AB 123 will be ready at 17:30. You are welcome to collect it then.');
  });

  it('says the reason, apologises and gives the new time in the delay notice (R-PKP-3)', () => {
    const text = renderSms({
      templateId: 'delay-notice',
      locale: 'en',
      variables: { plate: 'AB 123', reason: 'a part arrives late', time: '2 Mar 18:30' },
    });
    expect(text).toContain('because a part arrives late');
    expect(text).toContain('sorry');
    expect(text).toContain('2 Mar 18:30');
  });

  it.each([
    ['left out', { plate: 'AB 123' }],
    ['blank', { plate: 'AB 123', time: '  ' }],
  ])('refuses a variable %s', (_case, variables) => {
    const render = () =>
      renderSms({
        templateId: 'pickup-notice',
        locale: 'en',
        variables: variables as { plate: string; time: string },
      });
    expect(render).toThrow(MissingTemplateVariableError);
    expect(render).toThrow('pickup-notice needs the variable time');
  });

  it('keeps a value on one line', () => {
    const text = renderSms({
      templateId: 'delay-notice',
      locale: 'en',
      variables: { plate: 'AB 123', reason: 'a part\narrives late', time: '18:30' },
    });
    expect(text).not.toContain('\n');
  });

  it.each(
    Object.entries(templates).flatMap(([id, t]) =>
      (['zh-Hant', 'zh-Hans', 'en'] as const).map((locale) => [id, locale, t.variables] as const),
    ),
  )('%s in %s uses exactly its declared variables', (id, locale, variables) => {
    const used = [...templates[id as TemplateId].text[locale as SmsLocale].matchAll(/\{(\w+)\}/g)].map(
      (m) => m[1],
    );
    expect(new Set(used)).toEqual(new Set(variables));
  });

  it.each([
    ['zh-Hans', '2026-03-02T09:30:00.000Z', '3月2日 17:30'],
    ['zh-Hant', '2026-03-02T16:05:00.000Z', '3月3日 00:05'],
    ['en', '2026-03-02T09:30:00.000Z', '2 Mar 17:30'],
  ] as const)('formats a time in the branch zone (UTC+8) for %s', (locale, instant, expected) => {
    expect(formatSmsTime(new Date(instant), 'Asia/Shanghai', locale)).toBe(expected);
  });
});

describe('planning one SMS (R-X-1, R-MKT-3, R-FUP-5)', () => {
  const pickup = { plate: '粤B12345', time: '17:30' };
  const reminder = { plate: '粤B12345', due: '4月1日' };
  const customer = { locale: 'zh-Hans' as const, marketingOptOut: false };

  it('queues a daytime notice now, with its text, locale and segment count', () => {
    const plan = planSms({ templateId: 'pickup-notice', variables: pickup, customer, branch, now: daytime });
    expect(plan).toMatchObject({
      templateId: 'pickup-notice',
      locale: 'zh-Hans',
      kind: 'transactional',
      status: 'queued',
      sendAt: daytime.toISOString(),
      encoding: 'UCS-2',
      segments: 1,
    });
    expect(plan.text.startsWith('【快修连锁】')).toBe(true);
  });

  it('defers a non-urgent notice in quiet hours to 08:00 local', () => {
    const plan = planSms({ templateId: 'pickup-notice', variables: pickup, customer, branch, now: evening });
    expect(plan).toMatchObject({ status: 'deferred', sendAt: '2026-03-03T00:00:00.000Z' });
  });

  it.each([
    // case, meant for (UTC), expected status and send time (UTC)
    [
      'a time later today outside quiet hours: then',
      '2026-03-02T08:00:00.000Z',
      'deferred',
      '2026-03-02T08:00:00.000Z',
    ],
    ['a time in quiet hours: their end', '2026-03-02T14:00:00.000Z', 'deferred', '2026-03-03T00:00:00.000Z'],
    ['a time already past: now', '2026-03-02T05:00:00.000Z', 'queued', daytime.toISOString()],
  ] as const)('plans a notice meant for %s (R-X-1)', (_case, meantFor, status, sendAt) => {
    const plan = planSms({
      templateId: 'pickup-notice',
      variables: pickup,
      customer,
      branch,
      now: daytime,
      sendAt: new Date(meantFor),
    });
    expect(plan).toMatchObject({ status, sendAt, urgent: false });
  });

  it('sends an urgent notice in quiet hours', () => {
    const plan = planSms({
      templateId: 'pickup-notice',
      variables: pickup,
      customer,
      branch,
      now: evening,
      urgent: true,
    });
    expect(plan).toMatchObject({ status: 'queued', urgent: true, sendAt: evening.toISOString() });
  });

  it('suppresses marketing to an opted-out customer (R-MKT-3)', () => {
    const optedOut = { ...customer, marketingOptOut: true };
    const plan = planSms({
      templateId: 'maintenance-reminder',
      variables: reminder,
      customer: optedOut,
      branch,
      now: daytime,
    });
    expect(plan).toMatchObject({ kind: 'marketing', status: 'suppressed' });
  });

  it('still sends transactional notices to an opted-out customer', () => {
    const optedOut = { ...customer, marketingOptOut: true };
    const plan = planSms({
      templateId: 'pickup-notice',
      variables: pickup,
      customer: optedOut,
      branch,
      now: daytime,
    });
    expect(plan.status).toBe('queued');
  });

  it('sends marketing to a customer who did not opt out', () => {
    const plan = planSms({
      templateId: 'maintenance-reminder',
      variables: reminder,
      customer,
      branch,
      now: daytime,
    });
    expect(plan).toMatchObject({ kind: 'marketing', status: 'queued' });
  });

  it('writes in the customer’s language, not the branch’s', () => {
    const plan = planSms({
      templateId: 'pickup-notice',
      variables: pickup,
      customer: { locale: 'en', marketingOptOut: false },
      branch,
      now: daytime,
    });
    expect(plan.text).toContain('Your car');
  });
});

describe('letter status moves (R-FUP-6)', () => {
  it.each([
    ['queued', 'sent', true],
    ['queued', 'failed', true],
    ['deferred', 'queued', true],
    ['failed', 'sent', true],
    ['sent', 'sent', false],
    ['sent', 'failed', false],
    ['suppressed', 'sent', false],
    // A failed send retried in quiet hours waits for their end (R-X-1).
    ['failed', 'deferred', true],
    // What a waiting letter said stopped being true: it is withdrawn, never sent.
    ['deferred', 'withdrawn', true],
    ['queued', 'withdrawn', true],
    ['withdrawn', 'sent', false],
    ['withdrawn', 'queued', false],
    ['sent', 'withdrawn', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canMoveLetter(from, to)).toBe(allowed);
  });
});
