import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/kernel/access';
import { ConflictError, VersionConflictError } from '../../shared/kernel/errors';
import { deliverLetter, recordLetter, updateLetterStatus } from '../../shared/letters/actions';
import { planSms } from '../../shared/letters/rules/letter';
import { LetterStatusError } from '../../shared/letters/rules/register';
import { getLetter, lettersFiledBetween } from '../../shared/letters/store';
import { createOutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { store } from '../../shared/platform/dynamo/client';
import { setClock } from '../../shared/platform/ports/clock';
import type { SmsSender } from '../../shared/platform/ports/sms';
import { restoreTestClock } from '../support/clock';
import { measure } from '../support/request-count';

/**
 * The letter register (R-FUP-6, R-X-1): every SMS is a letter in the customer's partition with
 * its template, locale, text, segments and delivery status, listable per branch and date.
 */
const system: Actor = {
  staffId: 'system',
  login: 'system',
  name: 'Duty engine',
  roles: ['admin'],
  branches: '*',
};
const branch = {
  smsSignature: '快修连锁',
  quietHours: { start: '21:00', end: '08:00' },
  timeZone: 'Asia/Shanghai',
};
const customer = { locale: 'zh-Hans' as const, marketingOptOut: false };
const pickup = { plate: '粤B12345', time: '3月2日 17:30' };

function at(iso: string) {
  setClock({ now: () => new Date(iso) });
  return new Date(iso);
}

afterEach(restoreTestClock);

/** A queued pickup notice for a new customer of a new branch, filed at `when`. */
async function givenLetter(when = '2026-03-02T06:00:00.000Z') {
  const now = at(when);
  const ids = { branchId: `L${ulid()}`, customerId: ulid() };
  const letter = await recordLetter(
    store(),
    {
      ...ids,
      to: '+8613800138000',
      plan: planSms({ templateId: 'pickup-notice', variables: pickup, customer, branch, now }),
      subject: { kind: 'order', id: 'order-1' },
    },
    system,
  );
  return { ...ids, letter };
}

describe('letter register (R-FUP-6, R-X-1)', () => {
  it('files an SMS in the customer’s partition with its template, locale, text, segments and status', async () => {
    const { branchId, customerId, letter } = await givenLetter();

    const stored = await store().doc.send(
      new QueryCommand({
        TableName: store().tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :letter)',
        ExpressionAttributeValues: { ':pk': `BR#${branchId}#CUS#${customerId}`, ':letter': 'LETTER#' },
      }),
    );
    expect(stored.Items).toEqual([
      expect.objectContaining({
        sk: `LETTER#2026-03-02T06:00:00.000Z#${letter.id}`,
        gsi2pk: `BR#${branchId}#REG#letter`,
        gsi2sk: `2026-03-02T06:00:00.000Z#${letter.id}`,
        templateId: 'pickup-notice',
        locale: 'zh-Hans',
        text: '【快修连锁】您的爱车 粤B12345 将于 3月2日 17:30 完工，欢迎届时取车。',
        segments: 1,
        encoding: 'UCS-2',
        status: 'queued',
        version: 1,
      }),
    ]);
  });

  it('writes the letter and its timeline entry together', async () => {
    const { branchId, customerId, letter } = await givenLetter();
    const log = await store().doc.send(
      new QueryCommand({
        TableName: store().tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :log)',
        ExpressionAttributeValues: { ':pk': `BR#${branchId}#CUS#${customerId}`, ':log': 'LOG#' },
      }),
    );
    expect(log.Items).toEqual([
      expect.objectContaining({ action: 'letter.recorded', subject: { kind: 'letter', id: letter.id } }),
    ]);
  });

  it('refuses to file the same letter id twice (a retried duty files one letter)', async () => {
    const { branchId, customerId, letter } = await givenLetter();
    const again = recordLetter(
      store(),
      { id: letter.id, branchId, customerId, to: letter.to, plan: { ...letter, status: 'queued' } },
      system,
    );
    await expect(again).rejects.toThrow(ConflictError);
  });

  it('lists a branch’s letters by date range with one Query, without the letters outside it', async () => {
    const { branchId, customerId } = await givenLetter('2026-03-02T06:00:00.000Z');
    const filed = [];
    for (const when of [
      '2026-03-01T15:59:59.999Z',
      '2026-03-01T16:00:00.000Z',
      '2026-03-02T15:59:59.999Z',
      '2026-03-02T16:00:00.000Z',
    ]) {
      at(when);
      const plan = planSms({
        templateId: 'pickup-notice',
        variables: pickup,
        customer,
        branch,
        now: new Date(when),
      });
      filed.push(
        await recordLetter(store(), { branchId, customerId: ulid(), to: '+8613800138000', plan }, system),
      );
    }
    restoreTestClock();

    const { result, requests } = await measure(() =>
      lettersFiledBetween(store(), {
        branchId,
        from: '2026-03-01T16:00:00.000Z',
        to: '2026-03-02T16:00:00.000Z',
        limit: 50,
      }),
    );

    expect(requests).toEqual(['Query']);
    expect(result.items.map((l) => l.createdAt)).toEqual([
      '2026-03-01T16:00:00.000Z',
      '2026-03-02T06:00:00.000Z',
      '2026-03-02T15:59:59.999Z',
    ]);
    expect(result.items[1]).toMatchObject({ customerId, status: 'queued' });
    expect(result.items[0]).not.toHaveProperty('gsi2pk');
  });

  it('moves a letter to sent with the provider id, if nobody moved it first', async () => {
    const { letter } = await givenLetter();

    const sent = await updateLetterStatus(
      store(),
      letter,
      { status: 'sent', providerMessageId: 'sns-1' },
      system,
    );

    expect(sent).toMatchObject({ status: 'sent', providerMessageId: 'sns-1', attempts: 1, version: 2 });
    expect(await getLetter(store(), letter)).toMatchObject({
      status: 'sent',
      providerMessageId: 'sns-1',
      version: 2,
    });
    // A second writer still holding version 1 loses.
    await expect(
      updateLetterStatus(store(), letter, { status: 'failed', error: 'late' }, system),
    ).rejects.toThrow(VersionConflictError);
  });

  it('refuses to move a sent letter again (a letter is sent once)', async () => {
    const { letter } = await givenLetter();
    const sent = await updateLetterStatus(
      store(),
      letter,
      { status: 'sent', providerMessageId: 'sns-1' },
      system,
    );
    await expect(updateLetterStatus(store(), sent, { status: 'sent' }, system)).rejects.toThrow(
      LetterStatusError,
    );
    await expect(updateLetterStatus(store(), sent, { status: 'failed' }, system)).rejects.toThrow(
      LetterStatusError,
    );
  });
});

describe('delivering a letter (R-X-1)', () => {
  const silentOutbox = () => createOutboxSmsSender({ print: () => {} });

  it('sends a queued letter once and records it sent', async () => {
    const { letter } = await givenLetter();
    const outbox = silentOutbox();

    const done = await deliverLetter(store(), { letter, sender: outbox, actor: system });

    expect(done).toMatchObject({ status: 'sent', attempts: 1 });
    expect(outbox.list()).toEqual([
      expect.objectContaining({ to: '+8613800138000', text: letter.text, idempotencyKey: letter.id }),
    ]);
    expect(done.providerMessageId).toBe(outbox.list()[0]?.providerMessageId);
    // Delivering the sent letter again sends nothing.
    await deliverLetter(store(), { letter: done, sender: outbox, actor: system });
    expect(outbox.list()).toHaveLength(1);
  });

  it('records a provider failure on the letter, and a later retry sends it', async () => {
    const { letter } = await givenLetter();
    const failing: SmsSender = { send: async () => Promise.reject(new Error('Throttled by the provider')) };

    const failed = await deliverLetter(store(), { letter, sender: failing, actor: system });
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'Error: Throttled by the provider',
    });

    const retried = await deliverLetter(store(), { letter: failed, sender: silentOutbox(), actor: system });
    expect(retried).toMatchObject({ status: 'sent', attempts: 2 });
    expect(retried.error).toBeUndefined();
  });

  it('keeps a letter deferred by quiet hours until its send time', async () => {
    const { letter } = await givenLetter('2026-03-02T14:00:00.000Z'); // 22:00 in Shanghai
    expect(letter).toMatchObject({ status: 'deferred', sendAt: '2026-03-03T00:00:00.000Z' });
    const outbox = silentOutbox();

    at('2026-03-02T23:59:00.000Z');
    expect(await deliverLetter(store(), { letter, sender: outbox, actor: system })).toBe(letter);
    expect(outbox.list()).toHaveLength(0);

    at('2026-03-03T00:00:00.000Z');
    expect(await deliverLetter(store(), { letter, sender: outbox, actor: system })).toMatchObject({
      status: 'sent',
    });
    expect(outbox.list()).toHaveLength(1);
  });

  it('never sends a marketing letter suppressed by opt-out (R-MKT-3), and keeps it in the register', async () => {
    const now = at('2026-03-02T06:00:00.000Z');
    const plan = planSms({
      templateId: 'maintenance-reminder',
      variables: { plate: '粤B12345', due: '4月1日' },
      customer: { ...customer, marketingOptOut: true },
      branch,
      now,
    });
    const letter = await recordLetter(
      store(),
      { branchId: `L${ulid()}`, customerId: ulid(), to: '+8613800138000', plan },
      system,
    );
    const outbox = silentOutbox();

    expect(await deliverLetter(store(), { letter, sender: outbox, actor: system })).toBe(letter);
    expect(outbox.list()).toHaveLength(0);
    expect(await getLetter(store(), letter)).toMatchObject({ status: 'suppressed', kind: 'marketing' });
  });

  it('waits for the pacer before each send', async () => {
    const { letter } = await givenLetter();
    const order: string[] = [];
    const sender: SmsSender = {
      send: async () => {
        order.push('send');
        return { providerMessageId: 'p-1' };
      },
    };
    await deliverLetter(store(), {
      letter,
      sender,
      actor: system,
      pace: async () => void order.push('pace'),
    });
    expect(order).toEqual(['pace', 'send']);
  });
});
