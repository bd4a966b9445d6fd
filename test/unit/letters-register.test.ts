import { describe, expect, it } from 'vitest';
import type { LetterStatus } from '../../shared/letters/rules/letter';
import {
  isDue,
  LetterStatusError,
  movedLetter,
  newLetter,
  revisedLetter,
  revisionChanges,
} from '../../shared/letters/rules/register';
import type { Letter } from '../../shared/letters/schemas';
import type { E164 } from '../../shared/platform/ports/sms';

const filedAt = '2031-06-11T02:10:00.000Z';
const later = '2031-06-11T02:15:00.000Z';
const to = '+8613800138000' as E164;

const plan = {
  templateId: 'pickup-notice',
  locale: 'zh-CN',
  kind: 'transactional',
  text: '您的车辆已可取车',
  segments: 1,
  encoding: 'UCS-2',
  status: 'queued',
  sendAt: filedAt,
  urgent: false,
} as unknown as Parameters<typeof newLetter>[0]['plan'];

const letter = (status: LetterStatus, overrides: Partial<Letter> = {}): Letter => ({
  ...newLetter({ branchId: 'SZ', customerId: 'C1', to, plan }, 'L1', 'DUTY', filedAt),
  status,
  ...overrides,
});

describe('a letter filed (R-FUP-6)', () => {
  it('holds its plan at version 1 without a send attempt', () => {
    expect(letter('queued')).toMatchObject({
      id: 'L1',
      status: 'queued',
      attempts: 0,
      version: 1,
      createdAt: filedAt,
      to,
    });
  });
});

describe('status moves of a letter (R-X-1, R-FUP-6)', () => {
  it.each<[string, LetterStatus, LetterStatus, number]>([
    ['a queued letter sent counts an attempt', 'queued', 'sent', 1],
    ['a queued letter that failed counts an attempt', 'queued', 'failed', 1],
    ['a failed letter retried and failed again counts another', 'failed', 'failed', 2],
    ['a queued letter deferred counts none', 'queued', 'deferred', 0],
    ['a deferred letter withdrawn counts none', 'deferred', 'withdrawn', 0],
  ])('%s', (_case, from, status, attempts) => {
    const current = letter(from, { attempts: from === 'failed' ? 1 : 0 });
    const moved = movedLetter(current, { status, error: 'Throttled: slow down' }, 'DUTY', later);
    expect(moved).toMatchObject({ status, attempts, version: 2, updatedAt: later });
    expect(moved.error).toBe(status === 'failed' ? 'Throttled: slow down' : undefined);
  });

  it.each<[LetterStatus, LetterStatus]>([
    ['sent', 'sent'],
    ['sent', 'failed'],
    ['suppressed', 'sent'],
    ['withdrawn', 'queued'],
  ])('a %s letter cannot become %s (409)', (from, status) => {
    expect(() => movedLetter(letter(from), { status }, 'DUTY', later)).toThrow(LetterStatusError);
  });
});

describe('a revised letter (R-X-1, R-FUP-6)', () => {
  const other = '+8613900139000' as E164;
  it.each<LetterStatus>(['queued', 'deferred', 'failed'])(
    'a %s letter takes the new plan and keeps its id',
    (status) => {
      const current = letter(status, { error: status === 'failed' ? 'x' : undefined });
      const next = revisedLetter(current, { to: other, plan: { ...plan, text: '新文本' } }, 'DUTY', later);
      expect(next).toMatchObject({
        id: 'L1',
        to: other,
        text: '新文本',
        status: 'queued',
        error: undefined,
        version: 2,
      });
      expect(revisionChanges(current, next)).toEqual(
        status === 'queued' ? ['text', 'to'] : ['text', 'to', 'status'],
      );
    },
  );

  it.each<LetterStatus>(['sent', 'suppressed', 'withdrawn'])('a %s letter is final (409)', (status) => {
    expect(() => revisedLetter(letter(status), { to, plan }, 'DUTY', later)).toThrow(LetterStatusError);
  });
});

describe('when a letter is due (R-X-1)', () => {
  it.each<[string, LetterStatus, string, boolean]>([
    ['a queued letter is due', 'queued', later, true],
    ['a failed letter is due again', 'failed', later, true],
    ['a deferred letter past its send time is due', 'deferred', filedAt, true],
    ['a deferred letter before its send time waits', 'deferred', '2031-06-11T00:00:00.000Z', false],
    ['a sent letter is not due', 'sent', later, false],
    ['a withdrawn letter is not due', 'withdrawn', later, false],
  ])('%s', (_case, status, now, due) => {
    expect(isDue({ status, sendAt: filedAt }, now)).toBe(due);
  });
});
