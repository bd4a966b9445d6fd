import { describe, expect, it } from 'vitest';
import {
  type LetterStatus,
  letterNeedsRevision,
  type SmsPlan,
  waitsUntil,
} from '../../shared/letters/rules/letter';

/**
 * R-X-1, R-FUP-6: a duty's letter that is not sent yet is planned again on every visit of its
 * duty; it is rewritten only when the new plan says something else or goes at another time, and
 * a deferred letter keeps its duty waiting until its send time.
 */
const now = new Date('2026-03-02T22:00:00.000Z');
const to = '+8613800138000';
const text = '您的爱车 粤B12345 将于 3月3日 10:00 完工，欢迎届时取车。';
const eight = '2026-03-03T00:00:00.000Z';
const earlier = '2026-03-02T21:00:00.000Z';

type Side = { status: LetterStatus; sendAt: string };
type Plan = { status: SmsPlan['status']; sendAt: string; text?: string; to?: string };

describe('whether a waiting letter is rewritten (R-X-1, R-FUP-6)', () => {
  it.each<[string, Side, Plan, boolean]>([
    [
      'deferred to 08:00 and still planned for 08:00: no',
      { status: 'deferred', sendAt: eight },
      { status: 'deferred', sendAt: eight },
      false,
    ],
    [
      'deferred to 08:00, 08:00 has come and the plan says now: no',
      { status: 'deferred', sendAt: earlier },
      { status: 'queued', sendAt: now.toISOString() },
      false,
    ],
    [
      'queued, planned for now: no',
      { status: 'queued', sendAt: earlier },
      { status: 'queued', sendAt: now.toISOString() },
      false,
    ],
    [
      'failed before, retried now: no',
      { status: 'failed', sendAt: earlier },
      { status: 'queued', sendAt: now.toISOString() },
      false,
    ],
    [
      'failed before, the retry falls in quiet hours: yes, deferred',
      { status: 'failed', sendAt: earlier },
      { status: 'deferred', sendAt: eight },
      true,
    ],
    [
      'deferred to 08:00, now planned for 10:00: yes',
      { status: 'deferred', sendAt: eight },
      { status: 'deferred', sendAt: '2026-03-03T02:00:00.000Z' },
      true,
    ],
    [
      'deferred to 08:00, the plan now says go at once: yes',
      { status: 'deferred', sendAt: eight },
      { status: 'queued', sendAt: now.toISOString() },
      true,
    ],
    [
      'another text (the promise moved): yes',
      { status: 'deferred', sendAt: eight },
      { status: 'deferred', sendAt: eight, text: `${text} ` },
      true,
    ],
    [
      'another number: yes',
      { status: 'queued', sendAt: earlier },
      { status: 'queued', sendAt: now.toISOString(), to: '+8613900139000' },
      true,
    ],
    [
      'the customer opted out of a marketing letter meanwhile: yes',
      { status: 'deferred', sendAt: eight },
      { status: 'suppressed', sendAt: eight },
      true,
    ],
  ])('%s', (_case, letter, plan, expected) => {
    const next = {
      to: plan.to ?? to,
      plan: { text: plan.text ?? text, status: plan.status, sendAt: plan.sendAt },
    };
    expect(letterNeedsRevision({ to, text, ...letter }, next, now)).toBe(expected);
  });
});

describe('how long a letter keeps its duty waiting (R-X-1)', () => {
  it.each<[string, Side, string | undefined]>([
    ['deferred to a later time: until then', { status: 'deferred', sendAt: eight }, eight],
    ['deferred to exactly now: not at all', { status: 'deferred', sendAt: now.toISOString() }, undefined],
    ['deferred to a time past: not at all', { status: 'deferred', sendAt: earlier }, undefined],
    ['queued: not at all', { status: 'queued', sendAt: eight }, undefined],
    ['sent: not at all', { status: 'sent', sendAt: eight }, undefined],
  ])('%s', (_case, letter, expected) => {
    expect(waitsUntil(letter, now)?.toISOString()).toBe(expected);
  });
});
