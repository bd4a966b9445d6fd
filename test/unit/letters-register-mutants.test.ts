import { describe, expect, it } from 'vitest';
import type { LetterStatus, SmsPlan } from '../../shared/letters/rules/letter';
import {
  isDue,
  LetterStatusError,
  movedLetter,
  newLetter,
  revisedLetter,
  revisionChanges,
} from '../../shared/letters/rules/register';
import type { Letter, LetterStatusChange } from '../../shared/letters/schemas';
import type { E164 } from '../../shared/platform/ports/sms';

/**
 * Mutation-testing cases of the letter register (R-FUP-6, R-X-1): each record asserted whole, so
 * a field dropped, added or miscounted shows.
 */

const filedAt = '2031-06-11T02:10:00.000Z';
const later = '2031-06-11T02:15:00.000Z';
const to = '+8613800138000' as E164;
const other = '+8613900139000' as E164;

function plan(overrides: Partial<SmsPlan> = {}): SmsPlan {
  return {
    templateId: 'pickup-notice',
    locale: 'zh-Hans',
    kind: 'transactional',
    text: '您的车辆已可取车',
    segments: 1,
    encoding: 'UCS-2',
    status: 'queued',
    sendAt: filedAt,
    urgent: false,
    ...overrides,
  } as SmsPlan;
}

/** The letter `newLetter` files for `plan()`: the plan, and the register's own fields. */
function filed(): Letter {
  return {
    ...plan(),
    id: 'L1',
    branchId: 'SZ',
    customerId: 'C1',
    to,
    attempts: 0,
    version: 1,
    createdAt: filedAt,
    createdBy: 'DUTY',
    updatedAt: filedAt,
    updatedBy: 'DUTY',
  } as Letter;
}

describe('a letter filed holds exactly its plan, at version 1 (R-FUP-6)', () => {
  it('without subject or link', () => {
    const letter = newLetter({ branchId: 'SZ', customerId: 'C1', to, plan: plan() }, 'L1', 'DUTY', filedAt);
    expect(letter).toStrictEqual(filed());
  });

  it('with its subject and link', () => {
    const letter = newLetter(
      {
        branchId: 'SZ',
        customerId: 'C1',
        to,
        plan: plan(),
        subject: { kind: 'order', id: 'O1' },
        linkId: 'K1',
      },
      'L1',
      'DUTY',
      filedAt,
    );
    expect(letter).toStrictEqual({ ...filed(), subject: { kind: 'order', id: 'O1' }, linkId: 'K1' });
  });
});

describe('a letter moved (R-X-1)', () => {
  it.each<[string, LetterStatus, LetterStatusChange, Partial<Letter>]>([
    [
      'sent with the provider id: one attempt',
      'queued',
      { status: 'sent', providerMessageId: 'P1', error: 'ignored' },
      { status: 'sent', providerMessageId: 'P1', error: undefined, attempts: 1 },
    ],
    [
      'failed keeps the error: one attempt more',
      'failed',
      { status: 'failed', error: 'Throttled' },
      { status: 'failed', error: 'Throttled', attempts: 2 },
    ],
    [
      'deferred to a new time: no attempt',
      'queued',
      { status: 'deferred', sendAt: later },
      { status: 'deferred', sendAt: later, error: undefined, attempts: 0 },
    ],
    [
      'suppressed with a reason: no attempt, the error cleared',
      'failed',
      { status: 'suppressed', reason: 'opted out' },
      { status: 'suppressed', reason: 'opted out', error: undefined, attempts: 1 },
    ],
  ])('%s', (_case, from, change, expected) => {
    const current: Letter = { ...filed(), status: from, attempts: from === 'failed' ? 1 : 0 };
    if (from === 'failed') current.error = 'Earlier';
    expect(movedLetter(current, change, 'WORKER', later)).toStrictEqual({
      ...current,
      ...expected,
      version: 2,
      updatedAt: later,
      updatedBy: 'WORKER',
    });
  });

  it('a move the register does not allow is a 409 naming both statuses', () => {
    const current: Letter = { ...filed(), status: 'sent' };
    expect(() => movedLetter(current, { status: 'sent' }, 'WORKER', later)).toThrow(
      new LetterStatusError('Letter L1 is sent; it cannot become sent'),
    );
    expect(() => movedLetter(current, { status: 'sent' }, 'WORKER', later)).toThrow(LetterStatusError);
  });
});

describe('a letter revised (R-X-1, R-FUP-6)', () => {
  it('takes the new plan and number, clears the error, keeps its id and attempts', () => {
    const current: Letter = {
      ...filed(),
      status: 'failed',
      error: 'Throttled',
      attempts: 1,
      subject: { kind: 'order', id: 'O1' },
    };
    const next = plan({
      templateId: 'delay-notice',
      locale: 'en',
      text: 'Sorry',
      segments: 2,
      encoding: 'GSM-7',
      status: 'deferred',
      sendAt: later,
      urgent: true,
    } as Partial<SmsPlan>);
    expect(revisedLetter(current, { to: other, plan: next }, 'WORKER', later)).toStrictEqual({
      ...current,
      templateId: 'delay-notice',
      locale: 'en',
      kind: 'transactional',
      text: 'Sorry',
      segments: 2,
      encoding: 'GSM-7',
      urgent: true,
      to: other,
      status: 'deferred',
      sendAt: later,
      error: undefined,
      version: 2,
      updatedAt: later,
      updatedBy: 'WORKER',
    });
  });

  it('a final letter cannot change (409 naming its status)', () => {
    expect(() =>
      revisedLetter({ ...filed(), status: 'withdrawn' }, { to, plan: plan() }, 'WORKER', later),
    ).toThrow(new LetterStatusError('Letter L1 is withdrawn; it can no longer change'));
  });

  it.each<[string, Partial<Letter>, string[]]>([
    ['nothing', {}, []],
    ['the text', { text: 'x' }, ['text']],
    ['the number', { to: other }, ['to']],
    ['the status', { status: 'deferred' }, ['status']],
    ['the send time', { sendAt: later }, ['sendAt']],
    [
      'all four',
      { text: 'x', to: other, status: 'deferred', sendAt: later },
      ['text', 'to', 'status', 'sendAt'],
    ],
    ['only other fields', { segments: 3, urgent: true }, []],
  ])('a revision changing %s logs it', (_case, change, fields) => {
    expect(revisionChanges(filed(), { ...filed(), ...change })).toEqual(fields);
  });
});

describe('when a letter is due (R-X-1)', () => {
  it.each<[LetterStatus, string, boolean]>([
    ['queued', '2031-06-11T00:00:00.000Z', true],
    ['failed', '2031-06-11T00:00:00.000Z', true],
    ['deferred', '2031-06-11T02:09:59.999Z', false],
    ['deferred', filedAt, true],
    ['deferred', later, true],
    ['sent', later, false],
    ['suppressed', later, false],
    ['withdrawn', later, false],
    ['received', later, false],
  ])('%s at %s: due = %s', (status, now, due) => {
    expect(isDue({ status, sendAt: filedAt }, now)).toBe(due);
  });
});
