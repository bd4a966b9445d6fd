import { describe, expect, it } from 'vitest';
import { policyFor } from '../../shared/kernel/policy';
import {
  type LinkAction,
  LinkNotFoundError,
  LinkRevokedError,
  LinkSpentError,
  linkAllows,
  linkExpiry,
  linkRefusal,
  linkTtl,
  linkUrl,
  maskedToken,
  purposesAllowing,
  rateWindow,
  TooManyRequestsError,
  unmaskLink,
} from '../../shared/self-service/rules/links';
import {
  complaintCategoryOf,
  complaintWords,
  type SurveyScores,
  satisfactionGaps,
  surveyInviteAt,
  surveyWanted,
} from '../../shared/self-service/rules/survey';
import type { LinkPurpose } from '../../shared/self-service/schemas/links';

/**
 * R-SELF-1 (links) and R-SELF-2, R-CMP-4 (the survey): the self-service rules case by case
 * (Stryker's survivors in shared/self-service/rules/ pointed at these cases). Every value is built
 * inside its `it`.
 */

const token = 'AbCdEfGhIjKlMnOpQrSt_-';

describe('R-SELF-1: the link URL carries the token in the fragment of the customer page', () => {
  it.each([
    ['a base without a trailing slash', 'https://c.shop.example', 'https://c.shop.example/c#'],
    ['a base with one trailing slash', 'https://c.shop.example/', 'https://c.shop.example/c#'],
    ['a base with several trailing slashes', 'https://c.shop.example///', 'https://c.shop.example/c#'],
    ['a base with a path', 'https://shop.example/self/', 'https://shop.example/self/c#'],
  ])('R-SELF-1: %s', (_case, base, prefix) => {
    expect(linkUrl(base, token)).toBe(`${prefix}${token}`);
  });

  it('R-SELF-1: the sender puts the token where the mask stands, the rest of the text unchanged', () => {
    const base = 'https://c.shop.example/';
    const masked = `Status: ${linkUrl(base, maskedToken)} (shop)`;
    expect(maskedToken).toBe('*'.repeat(22));
    expect(unmaskLink(masked, base, token)).toBe(`Status: https://c.shop.example/c#${token} (shop)`);
    expect(unmaskLink('No link here', base, token)).toBe('No link here');
  });
});

describe('R-SELF-1: a link lives the policy days of its purpose, and its item a while longer', () => {
  it.each<[LinkPurpose, Record<string, number>, number]>([
    ['status', { statusLinkDays: 2 }, 2],
    ['addon', { addonLinkDays: 5 }, 5],
    ['appointment', { appointmentLinkDays: 9 }, 9],
    ['survey', { surveyLinkDays: 11 }, 11],
  ])('R-SELF-1: a %s link with %o lives %i days', (purpose, overrides, days) => {
    const from = new Date('2031-06-11T06:00:00.000Z');
    const policy = policyFor({ selfService: overrides });
    expect(linkExpiry(purpose, from, policy).toISOString()).toBe(
      new Date(Date.UTC(2031, 5, 11 + days, 6)).toISOString(),
    );
  });

  it.each([
    ['a whole second', '2031-06-11T06:00:00.000Z', 30, 1938924000 + 30 * 86_400],
    ['a fraction of a second is dropped', '2031-06-11T06:00:00.999Z', 30, 1938924000 + 30 * 86_400],
    ['another keep', '2031-06-11T06:00:00.000Z', 1, 1938924000 + 86_400],
  ])('R-SELF-1: the TTL (epoch s) of a link expiring at %s', (_case, expiresAt, keepExpiredLinkDays, ttl) => {
    expect(linkTtl(expiresAt, policyFor({ selfService: { keepExpiredLinkDays } }))).toBe(ttl);
  });
});

describe('R-SELF-1, R-ADD-2, R-APT-1, R-SELF-2: what each purpose allows', () => {
  it.each<[LinkAction, LinkPurpose[]]>([
    ['view', ['status', 'addon', 'appointment', 'survey']],
    ['answer-addon', ['status', 'addon']],
    ['confirm-appointment', ['appointment']],
    ['move-appointment', ['appointment']],
    ['answer-survey', ['survey']],
  ])('R-SELF-1: %s is allowed by %j', (action, purposes) => {
    expect(purposesAllowing(action)).toEqual(purposes);
    for (const purpose of ['status', 'addon', 'appointment', 'survey'] as const) {
      expect(linkAllows(purpose, action)).toBe(purposes.includes(purpose));
    }
  });
});

describe('R-SELF-1: why a link refuses, as a problem document', () => {
  it.each<
    [
      string,
      { expiresAt: string; revokedAt?: string; spentAt?: string },
      LinkAction,
      { status: number; type: string; title: string; message: string } | undefined,
    ]
  >([
    [
      'revoked and expired: revoked wins',
      { expiresAt: '2031-06-10T00:00:00.000Z', revokedAt: '2031-06-09T00:00:00.000Z' },
      'view',
      {
        status: 410,
        type: 'link-revoked',
        title: 'This link was withdrawn by the shop',
        message: 'The shop withdrew this link; ask the shop for a new one',
      },
    ],
    [
      'expiring exactly now',
      { expiresAt: '2031-06-11T06:00:00.000Z' },
      'view',
      {
        status: 410,
        type: 'link-expired',
        title: 'This link has expired',
        message: 'This link has expired; ask the shop for a new one',
      },
    ],
    [
      'expiring a millisecond from now',
      { expiresAt: '2031-06-11T06:00:00.001Z' },
      'answer-survey',
      undefined,
    ],
    [
      'spent and expired: expired wins',
      { expiresAt: '2031-06-11T05:00:00.000Z', spentAt: '2031-06-10T00:00:00.000Z' },
      'view',
      {
        status: 410,
        type: 'link-expired',
        title: 'This link has expired',
        message: 'This link has expired; ask the shop for a new one',
      },
    ],
    [
      'spent, asked to act',
      { expiresAt: '2031-06-12T00:00:00.000Z', spentAt: '2031-06-10T00:00:00.000Z' },
      'confirm-appointment',
      {
        status: 410,
        type: 'link-spent',
        title: 'This link was already used',
        message: 'This link was already used',
      },
    ],
    [
      'spent, asked to view',
      { expiresAt: '2031-06-12T00:00:00.000Z', spentAt: '2031-06-10T00:00:00.000Z' },
      'view',
      undefined,
    ],
    ['live, asked to act', { expiresAt: '2031-06-12T00:00:00.000Z' }, 'move-appointment', undefined],
  ])('R-SELF-1: %s', (_case, link, action, problem) => {
    const refusal = linkRefusal(link, action, new Date('2031-06-11T06:00:00.000Z'));
    if (problem === undefined) {
      expect(refusal).toBeUndefined();
    } else {
      expect(refusal).toMatchObject(problem);
    }
  });

  it.each([
    [
      'not found',
      () => new LinkNotFoundError('no such link'),
      404,
      'link-not-found',
      'This link is not known',
    ],
    [
      'revoked',
      () => new LinkRevokedError('withdrawn'),
      410,
      'link-revoked',
      'This link was withdrawn by the shop',
    ],
    ['spent', () => new LinkSpentError('used'), 410, 'link-spent', 'This link was already used'],
    [
      'too many requests',
      () => new TooManyRequestsError('slow down', 17),
      429,
      'too-many-requests',
      'Too many requests: wait and try again',
    ],
  ])('R-SELF-1: the %s problem', (_case, make, status, type, title) => {
    const error = make();
    expect(error).toMatchObject({ status, type, title });
  });

  it('R-SELF-1: too many requests says when to retry (seconds), with its message', () => {
    const error = new TooManyRequestsError('Too many calls with this link', 42);
    expect(error.message).toBe('Too many calls with this link');
    expect(error.extensions).toEqual({ retryAfter: 42 });
  });
});

describe('R-SELF-1: fixed rate windows', () => {
  it.each([
    ['at the start of a window', '2031-06-11T06:00:00.000Z', 60, 1938924000, 60],
    ['within a window', '2031-06-11T06:00:45.700Z', 60, 1938924000, 15],
    ['on its last second', '2031-06-11T06:00:59.999Z', 60, 1938924000, 1],
    ['a window of 10 s', '2031-06-11T06:00:45.000Z', 10, 1938924040, 5],
  ])('R-SELF-1: %s (%s, %i s)', (_case, now, rateWindowSeconds, start, retryAfter) => {
    const window = rateWindow(new Date(now), policyFor({ selfService: { rateWindowSeconds } }));
    expect(window).toEqual({ start, retryAfter, ttl: start + 2 * rateWindowSeconds });
  });
});

describe('R-SELF-2, R-CMP-4: the survey', () => {
  const scoresOf = (gaps: Record<string, number>): SurveyScores => {
    const aspects = ['onTime', 'priceAsQuoted', 'quality', 'courtesy', 'overall'] as const;
    return Object.fromEntries(
      aspects.map((a) => [a, { expected: 3, perceived: 3 + (gaps[a] ?? 0) }]),
    ) as SurveyScores;
  };

  it.each([
    [
      'each short aspect, in order',
      { onTime: -1, quality: -2, overall: -1 },
      undefined,
      'Survey: onTime expected 3, perceived 2; quality expected 3, perceived 1; overall expected 3, perceived 2',
    ],
    [
      'an aspect met is not short',
      { courtesy: 0, onTime: 1 },
      undefined,
      'Survey: no aspect below expectation',
    ],
    [
      'the comment first',
      { priceAsQuoted: -2 },
      '太貴了',
      '太貴了\n\nSurvey: priceAsQuoted expected 3, perceived 1',
    ],
    [
      'an empty comment is no comment',
      { priceAsQuoted: -2 },
      '',
      'Survey: priceAsQuoted expected 3, perceived 1',
    ],
  ])('R-CMP-1, R-SELF-2: the complaint words: %s', (_case, gaps, comment, words) => {
    const scores = scoresOf(gaps);
    const answer = { gaps: satisfactionGaps(scores), scores, ...(comment === undefined ? {} : { comment }) };
    expect(complaintWords(answer)).toBe(words);
  });

  it.each([
    ['a tie: the first aspect of the list', { onTime: -2, quality: -2 }, 'waiting'],
    ['a tie further down the list', { quality: -1, courtesy: -1 }, 'quality'],
    ['the worst, listed last', { onTime: -1, priceAsQuoted: -2, quality: -1, courtesy: -3 }, 'staff'],
    ['price worst after a lesser shortfall', { onTime: -1, priceAsQuoted: -3 }, 'price'],
    ['a gap of 0 is not short', { onTime: 0, courtesy: 0 }, 'service'],
    ['only better than expected', { onTime: 2, quality: 1 }, 'service'],
    ['only overall short', { overall: -3 }, 'service'],
  ])('R-CMP-4: the category: %s', (_case, gaps, category) => {
    expect(
      complaintCategoryOf({ onTime: 0, priceAsQuoted: 0, quality: 0, courtesy: 0, overall: 0, ...gaps }),
    ).toBe(category);
  });

  it.each([
    // 2026-12-07T09:30Z is 17:30 in Shanghai (UTC+8).
    ['08:05 local, the next day', { inviteAtMinuteOfDay: 8 * 60 + 5 }, '2026-12-08T00:05:00.000Z'],
    ['00:00 local, the next day', { inviteAtMinuteOfDay: 0 }, '2026-12-07T16:00:00.000Z'],
    ['23:59 local, the next day', { inviteAtMinuteOfDay: 23 * 60 + 59 }, '2026-12-08T15:59:00.000Z'],
    [
      '13:30 local, the same day (0 days)',
      { inviteAtMinuteOfDay: 13 * 60 + 30, inviteAfterDays: 0 },
      '2026-12-07T05:30:00.000Z',
    ],
  ])('R-SELF-2: invited at %s', (_case, survey, at) => {
    expect(surveyInviteAt('2026-12-07T09:30:00Z', 'Asia/Shanghai', policyFor({ survey }))).toBe(at);
  });

  it.each([
    ['no decline', {}, true],
    ['a decline', { decline: { reason: 'price' } }, false],
  ])('R-SELF-2: %s: surveyed %s', (_case, order, wanted) => {
    expect(surveyWanted(order)).toBe(wanted);
  });
});
