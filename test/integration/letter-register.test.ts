import { afterEach, describe, expect, it } from 'vitest';
import { recordLetter, updateLetterStatus } from '../../shared/letters/actions';
import { planSms } from '../../shared/letters/rules/letter';
import type { Letter } from '../../shared/letters/store';
import { store } from '../../shared/platform/dynamo/client';
import { setClock } from '../../shared/platform/ports/clock';
import { call, claimsOf, gateway, givenBranch, staff } from '../support/api';
import { restoreTestClock } from '../support/clock';

/**
 * The letter register 跟蹤服務信函登記表 (R-FUP-6): every SMS filed by `recordLetter` is listed
 * per local date range of the branch at `GET /branches/{b}/registers/letter` and exported as CSV,
 * with its recipient, template, locale, status, segments and provider id.
 */
const engine = {
  staffId: 'duty-engine',
  login: 'duty-engine',
  name: 'Duty engine',
  roles: ['admin' as const],
  branches: '*' as const,
};
const smsBranch = {
  smsSignature: '快修连锁',
  quietHours: { start: '21:00', end: '08:00' },
  timeZone: 'Asia/Shanghai',
};
const customer = { locale: 'zh-Hans' as const, marketingOptOut: false };

afterEach(restoreTestClock);

/** A pickup notice filed at `when` (UTC) for a customer of `branchId`. */
async function letterFiledAt(branchId: string, when: string, customerId = 'C1'): Promise<Letter> {
  setClock({ now: () => new Date(when) });
  const plan = planSms({
    templateId: 'pickup-notice',
    variables: { plate: '粤B12345', time: '3月2日 17:30' },
    customer,
    branch: smsBranch,
    now: new Date(when),
  });
  return recordLetter(store(), { branchId, customerId, to: '+8613800138000', plan }, engine);
}

describe('letter register (R-FUP-6, R-REG-1)', () => {
  it('lists the letters filed on the branch’s local days, with their status, and leaves out the others', async () => {
    const branchId = await givenBranch();
    // Asia/Shanghai is UTC+8: local 2 March is 1 March 16:00 UTC to 2 March 16:00 UTC.
    await letterFiledAt(branchId, '2026-03-01T15:59:59.999Z');
    const inside = await letterFiledAt(branchId, '2026-03-02T02:00:00.000Z', 'C2');
    await letterFiledAt(branchId, '2026-03-02T16:00:00.000Z');
    setClock({ now: () => new Date('2026-03-02T02:00:05.000Z') });
    await updateLetterStatus(store(), inside, { status: 'sent', providerMessageId: 'msg-1' }, engine);
    restoreTestClock();

    const listed = await call(
      staff(['follow-up'], [branchId]),
      'GET',
      `/branches/${branchId}/registers/letter`,
      {
        query: { from: '2026-03-02', to: '2026-03-02' },
      },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.columns).toEqual([
      'id',
      'at',
      'customerId',
      'to',
      'templateId',
      'locale',
      'kind',
      'status',
      'statusAt',
      'sendAt',
      'segments',
      'encoding',
      'providerMessageId',
      'attempts',
      'error',
      'subject',
    ]);
    expect(listed.body.items).toEqual([
      {
        id: inside.id,
        at: '2026-03-02T02:00:00.000Z',
        customerId: 'C2',
        to: '+8613800138000',
        templateId: 'pickup-notice',
        locale: 'zh-Hans',
        kind: 'transactional',
        status: 'sent',
        statusAt: '2026-03-02T02:00:05.000Z',
        sendAt: '2026-03-02T02:00:00.000Z',
        segments: 1,
        encoding: 'UCS-2',
        providerMessageId: 'msg-1',
        attempts: 1,
        error: null,
        subject: null,
      },
    ]);
  });

  it('exports the letter register as CSV in the branch’s local time', async () => {
    const branchId = await givenBranch();
    const letter = await letterFiledAt(branchId, '2026-03-02T02:00:00.000Z');
    restoreTestClock();
    const exported = await gateway.dispatch({
      method: 'GET',
      path: `/branches/${branchId}/registers/letter/export.csv`,
      query: { from: '2026-03-02', to: '2026-03-02' },
      claims: claimsOf(staff(['supervisor'], [branchId])),
    });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toBe(
      `attachment; filename="${branchId}-letter-2026-03-02-2026-03-02.csv"`,
    );
    const lines = exported.body.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'id,at,customerId,to,templateId,locale,kind,status,statusAt,sendAt,segments,encoding,providerMessageId,attempts,error,subject',
    );
    // A leading + is quoted against formula injection in Excel (shared/kernel/csv.ts).
    expect(lines[1]).toBe(
      `${letter.id},2026-03-02 10:00,C1,'+8613800138000,pickup-notice,zh-Hans,transactional,queued,2026-03-02 10:00,2026-03-02 10:00,1,UCS-2,,0,,`,
    );
  });

  it('is refused to a parts clerk (registers are for the office roles)', async () => {
    const branchId = await givenBranch();
    const refused = await call(
      staff(['parts-clerk'], [branchId]),
      'GET',
      `/branches/${branchId}/registers/letter`,
      {
        query: { from: '2026-03-02', to: '2026-03-02' },
      },
    );
    expect(refused.status).toBe(403);
  });
});
