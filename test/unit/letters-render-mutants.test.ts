import { describe, expect, it } from 'vitest';
import { formatSmsTime, MissingTemplateVariableError, renderSms } from '../../shared/letters/rules/render';
import type { SmsLocale } from '../../shared/letters/rules/templates';

/**
 * Mutation-testing cases of SMS rendering (R-FUP-6, R-SELF-1, R-PKP-2, R-X-2): the exact text a
 * customer reads, the registered signature, the link variant, and the local time as written.
 */

describe('the text of one SMS (R-PKP-2, R-SELF-1)', () => {
  it.each<[string, () => string, string]>([
    [
      'English, no signature',
      () =>
        renderSms({
          templateId: 'pickup-notice',
          locale: 'en',
          variables: { plate: 'ABC123', time: '2 Mar 17:30' },
        }),
      'Your car ABC123 will be ready at 2 Mar 17:30. You are welcome to collect it then.',
    ],
    [
      'the registered signature first',
      () =>
        renderSms({
          templateId: 'pickup-notice',
          locale: 'zh-Hans',
          variables: { plate: '粤B12345', time: '3月2日 17:30' },
          signature: '快修店',
        }),
      '【快修店】您的爱车 粤B12345 将于 3月2日 17:30 完工，欢迎届时取车。',
    ],
    [
      'an empty signature adds nothing',
      () =>
        renderSms({
          templateId: 'pickup-notice',
          locale: 'en',
          variables: { plate: 'ABC123', time: '17:30' },
          signature: '',
        }),
      'Your car ABC123 will be ready at 17:30. You are welcome to collect it then.',
    ],
    [
      'with a link: the link variant',
      () =>
        renderSms({
          templateId: 'pickup-notice',
          locale: 'en',
          variables: { plate: 'ABC123', time: '17:30' },
          link: 'https://x.example/s/abc',
        }),
      'Your car ABC123 will be ready at 17:30. Status: https://x.example/s/abc',
    ],
    [
      'with an empty link: the plain text',
      () =>
        renderSms({
          templateId: 'pickup-notice',
          locale: 'en',
          variables: { plate: 'ABC123', time: '17:30' },
          link: '',
        }),
      'Your car ABC123 will be ready at 17:30. You are welcome to collect it then.',
    ],
    [
      'a link for a template without a link variant: the plain text',
      () =>
        renderSms({
          templateId: 'follow-up-greeting',
          locale: 'en',
          variables: { name: 'Ms Li', agent: 'Wang' },
          link: 'https://x.example/s/abc',
        }),
      renderSms({
        templateId: 'follow-up-greeting',
        locale: 'en',
        variables: { name: 'Ms Li', agent: 'Wang' },
      }),
    ],
    [
      'a value never breaks the line',
      () =>
        renderSms({
          templateId: 'pickup-notice',
          locale: 'en',
          variables: { plate: ' ABC\n\t 123 ', time: '17:30' },
        }),
      'Your car ABC 123 will be ready at 17:30. You are welcome to collect it then.',
    ],
  ])('%s', (_case, render, text) => {
    expect(render()).toBe(text);
  });

  it.each<[string, Record<string, string | undefined>, string]>([
    ['a missing variable', { plate: 'ABC123' }, 'time'],
    ['a blank variable', { plate: '  ', time: '17:30' }, 'plate'],
    ['an empty variable', { plate: 'ABC123', time: '' }, 'time'],
  ])('%s is refused, naming it (R-FUP-6)', (_case, variables, missing) => {
    let caught: unknown;
    try {
      renderSms({
        templateId: 'pickup-notice',
        locale: 'en',
        variables: variables as { plate: string; time: string },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MissingTemplateVariableError);
    const error = caught as MissingTemplateVariableError;
    expect(error.message).toBe(`SMS template pickup-notice needs the variable ${missing}`);
    expect(error.name).toBe('MissingTemplateVariableError');
    expect([error.templateId, error.variable]).toEqual(['pickup-notice', missing]);
  });
});

describe('an instant as the customer reads it: branch local time (R-X-2)', () => {
  it.each<[string, string, SmsLocale, string]>([
    ['afternoon, English', '2031-03-02T09:30:00.000Z', 'en', '2 Mar 17:30'],
    ['afternoon, Chinese', '2031-03-02T09:30:00.000Z', 'zh-Hans', '3月2日 17:30'],
    ['early morning, next local day, December', '2031-12-01T21:05:00.000Z', 'en', '2 Dec 05:05'],
    ['local midnight is 00:00, January', '2031-01-15T16:00:00.000Z', 'en', '16 Jan 00:00'],
    ['local midnight, traditional Chinese', '2031-01-15T16:00:00.000Z', 'zh-Hant', '1月16日 00:00'],
  ])('%s', (_case, instant, locale, text) => {
    expect(formatSmsTime(new Date(instant), 'Asia/Shanghai', locale)).toBe(text);
  });
});
