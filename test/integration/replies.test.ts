import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleNotification } from '../../functions/replies/inbound';
import { getCustomer } from '../../shared/archive/store/customers';
import { branchSettings } from '../../shared/branches/store';
import { dutyEngineActor } from '../../shared/duty-engine/actor';
import { dutiesOfRecord, getDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import { addDays, localDate, localWallTime } from '../../shared/kernel/local-time';
import { deliverLetter, recordLetter } from '../../shared/letters/actions';
import { planSms } from '../../shared/letters/rules/letter';
import type { TemplateId, TemplateVariables } from '../../shared/letters/rules/templates';
import { lettersFiledBetween, phoneOptOut } from '../../shared/letters/store';
import { dutyPerformers } from '../../shared/performers';
import { createOutboxSmsSender, type OutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { type Store, store } from '../../shared/platform/dynamo/client';
import { clock } from '../../shared/platform/ports/clock';
import { type E164, setSmsSender } from '../../shared/platform/ports/sms';
import { call, givenBranch, hire, staff } from '../support/api';
import { clockAt, day, hour, iso, minute, openEveryDay, useFarFutureClock } from '../support/far-clock';
import { givenCustomerWithVehicle, givenOrder } from '../support/orders';
import { measure } from '../support/request-count';

/**
 * Customers answer back by SMS (R-SELF-3, R-X-1, R-FUP-6, R-CMP-4) on DynamoDB Local: the inbound
 * notification goes through the Lambda's own code (functions/replies/inbound.ts), matched to the
 * phone's latest outbound letter. Each test runs at 10:10 in Shanghai on a far-future day of its own
 * (test/support/far-clock.ts); the branch's quiet hours are 21:00-08:00.
 */
useFarFutureClock();

let outbox: OutboxSmsSender;
beforeEach(() => {
  outbox = createOutboxSmsSender({ print: () => undefined });
  setSmsSender(outbox);
});

async function givenChain() {
  const branchId = await givenBranch(openEveryDay);
  const advisor = await hire(branchId, ['advisor'], '李接待');
  const supervisor = await hire(branchId, ['supervisor'], '王主管');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const customer = await getCustomer(store(), branchId, owner.customerId);
  const phone = customer.phones[0]?.number as E164;
  const order = await givenOrder(branchId, owner, 'in_workshop', {
    advisor: { staffId: advisor.staffId, name: advisor.name },
  });
  const start = clockAt.now;
  return { branchId, advisor, supervisor, owner, customer, phone, order, start };
}
type Chain = Awaited<ReturnType<typeof givenChain>>;

/** One SMS through the one send path (shared/letters/actions.ts `deliverLetter`). */
async function send<T extends TemplateId>(
  s: Chain,
  templateId: T,
  variables: TemplateVariables<T>,
  subject: { kind: string; id: string },
) {
  const branch = await branchSettings(store(), s.branchId);
  const plan = planSms({ templateId, variables, customer: s.customer, branch, now: clock().now() });
  const letter = await recordLetter(
    store(),
    { branchId: s.branchId, customerId: s.customer.id, to: s.phone, plan, subject },
    dutyEngineActor,
  );
  return deliverLetter(store(), { letter, sender: outbox, actor: dutyEngineActor });
}

const pickupNotice = (s: Chain, order = s.order) =>
  send(s, 'pickup-notice', { plate: order.plate, time: '3月2日 17:30' }, { kind: 'order', id: order.id });

/** The notification End User Messaging SMS publishes, through the Lambda's code. */
function reply(from: string, body: string, id = ulid()) {
  return replyThrough(store(), from, body, id);
}

function replyThrough(db: Store, from: string, body: string, id: string) {
  return handleNotification(db, {
    Message: JSON.stringify({
      originationNumber: from,
      destinationNumber: '+15550100100',
      messageKeyword: 'KEYWORD_1',
      messageBody: body,
      inboundMessageId: id,
    }),
    MessageId: ulid(),
    TopicArn: 'arn:aws:sns:ap-east-1:111122223333:inbound-sms',
  });
}

const sweepNow = () => sweep({ store: store(), performers: dutyPerformers(store()) });

async function letters(s: Chain) {
  return (
    await lettersFiledBetween(store(), {
      branchId: s.branchId,
      from: iso(s.start - hour),
      to: iso(clockAt.now + day),
      limit: 50,
    })
  ).items as unknown as Record<string, unknown>[];
}

const mine = async (s: Chain, who: Chain['advisor']) =>
  (await call(who, 'GET', `/branches/${s.branchId}/duties/mine`)).body.items as {
    id: string;
    kind: string;
    version: number;
    record?: { kind: string; id: string };
    payload: Record<string, unknown>;
  }[];

describe('keywords (R-SELF-3, R-X-1)', () => {
  it('退订 opts the phone out with one confirmation; a later pickup notice of the car in the shop still goes, a maintenance reminder does not', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    expect(await reply(s.phone, '退订')).toMatchObject({ outcome: 'opt-out' });
    expect(await phoneOptOut(store(), s.phone)).toMatchObject({
      optedOut: true,
      history: [{ change: 'out' }],
    });
    // A second 退订 changes nothing and gets no second confirmation.
    expect(await reply(s.phone, ' 退订 ')).toMatchObject({ outcome: 'opt-out' });
    await sweepNow();
    const confirmations = outbox.list().filter((m) => m.text.includes('退订本店短信'));
    expect(confirmations).toHaveLength(1);

    clockAt.now += 5 * minute;
    const notice = await pickupNotice(s);
    const reminder = await send(
      s,
      'maintenance-reminder',
      { plate: s.owner.plate, due: '4月1日' },
      { kind: 'vehicle', id: s.owner.vehicleId },
    );
    expect(notice.status).toBe('sent');
    expect(reminder).toMatchObject({ status: 'suppressed', reason: expect.stringContaining('R-SELF-3') });
    expect(outbox.list().some((m) => m.idempotencyKey === reminder.id)).toBe(false);
  });

  it('START opts back in with its confirmation (R-SELF-3)', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    await reply(s.phone, 'STOP');
    expect(await reply(s.phone, 'ｓｔａｒｔ')).toMatchObject({ outcome: 'opt-in' });
    expect(await phoneOptOut(store(), s.phone)).toMatchObject({ optedOut: false });
    await sweepNow();
    expect(outbox.list().filter((m) => m.text.includes('您已重新订阅'))).toHaveLength(1);
  });

  it('"please stop the work" reaches the advisor of the open order and opts nobody out (R-SELF-3)', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    const result = await reply(s.phone, 'please stop the work');
    expect(result).toMatchObject({ outcome: 'staff' });
    expect(await phoneOptOut(store(), s.phone)).toBeUndefined();
    const queue = await mine(s, s.advisor);
    expect(queue).toEqual([
      expect.objectContaining({
        kind: 'customer-reply',
        record: { kind: 'order', id: s.order.id },
        payload: expect.objectContaining({
          text: 'please stop the work',
          inReplyTo: expect.objectContaining({ templateId: 'pickup-notice' }),
        }),
      }),
    ]);
    // R-FUP-6, R-ARC-4: the reply is in the letter register as inbound and on the timeline.
    expect(await letters(s)).toContainEqual(
      expect.objectContaining({ direction: 'inbound', status: 'received', text: 'please stop the work' }),
    );
    const timeline = await call(
      s.advisor,
      'GET',
      `/branches/${s.branchId}/customers/${s.customer.id}/timeline`,
    );
    expect(JSON.stringify(timeline.body)).toContain('letter.received');
  });

  it('1 to an appointment reminder confirms the appointment by SMS reply, and nothing else (R-SELF-3, R-APT-1)', async () => {
    const s = await givenChain();
    const startAt = localWallTime(
      addDays(localDate(iso(clockAt.now), 'Asia/Shanghai'), 2),
      '10:30',
      'Asia/Shanghai',
    );
    const booked = await call(s.advisor, 'POST', `/branches/${s.branchId}/appointments`, {
      body: {
        customerId: s.customer.id,
        vehicleId: s.owner.vehicleId,
        origin: 'customer_request',
        startAt,
        durationMinutes: 60,
        work: '保养',
      },
    });
    expect(booked.status).toBe(201);
    await send(
      s,
      'appointment-reminder',
      { plate: s.owner.plate, time: '10:30' },
      { kind: 'appointment', id: booked.body.id },
    );
    expect(await reply(s.phone, '１')).toMatchObject({ outcome: 'confirmation' });
    const appointment = await call(
      s.advisor,
      'GET',
      `/branches/${s.branchId}/appointments/${booked.body.id}`,
    );
    expect(appointment.body.confirmation).toMatchObject({ method: 'sms_reply' });
    expect(await mine(s, s.advisor)).toEqual([]);
  });

  it('a confirmation keyword to a message that asked nothing goes to staff (R-SELF-3)', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    expect(await reply(s.phone, '1')).toMatchObject({ outcome: 'staff' });
  });
});

describe('matching and reliability (R-SELF-3, R-X-3)', () => {
  it('matches the order of the latest outbound message when the customer has two cars', async () => {
    const s = await givenChain();
    const other = await hire(s.branchId, ['advisor'], '张接待');
    const vehicle = await call(
      s.advisor,
      'POST',
      `/branches/${s.branchId}/customers/${s.customer.id}/vehicles`,
      {
        body: { plate: `粤B${ulid().slice(-5)}`, vehicleType: 'car', model: 'Honda Fit', odometerKm: 10_000 },
      },
    );
    const second = await givenOrder(
      s.branchId,
      { customerId: s.customer.id, vehicleId: vehicle.body.id, plate: vehicle.body.plate },
      'in_workshop',
      { advisor: { staffId: other.staffId, name: other.name } },
    );
    await pickupNotice(s);
    clockAt.now += minute;
    await pickupNotice(s, second);
    await reply(s.phone, '几点可以取车？');
    expect(await mine(s, s.advisor)).toEqual([]);
    expect(await mine(s, other)).toEqual([
      expect.objectContaining({ kind: 'customer-reply', record: { kind: 'order', id: second.id } }),
    ]);
  });

  it('puts a reply from a phone no branch knows in the chain-level queue', async () => {
    // 199 is a valid mainland mobile prefix whatever follows (a random 19x was 194, a range of no
    // valid number, one run in ten, and failed a fresh-clone run).
    const stranger = `+86199${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    expect(await reply(stranger, '你们是哪家店？')).toMatchObject({ outcome: 'unmatched' });
    const hq = staff(['hq'], '*', 'HQ analyst');
    const queue = await call(hq, 'GET', '/replies/unmatched', { query: { limit: '100' } });
    expect(queue.status).toBe(200);
    expect(queue.body.items).toContainEqual(
      expect.objectContaining({ from: stranger, text: '你们是哪家店？', outcome: 'staff' }),
    );
  });

  it('puts a reply from an E.164 number of no valid range (+86 194…) in the chain-level queue, not in an error', async () => {
    // The archive refuses such a number (R-ARC-1); looking it up must not fail the inbound function,
    // which SNS would retry until the reply is lost.
    await givenChain();
    const odd = `+86194${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    expect(await reply(odd, '收到')).toMatchObject({ outcome: 'unmatched' });
    const hq = staff(['hq'], '*', 'HQ analyst');
    const queue = await call(hq, 'GET', '/replies/unmatched', { query: { limit: '100' } });
    expect(queue.body.items).toContainEqual(expect.objectContaining({ from: odd, text: '收到' }));
  });

  it('acts once on the same inbound message delivered twice (SNS is at-least-once)', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    const id = ulid();
    expect(await reply(s.phone, '谢谢', id)).toMatchObject({ outcome: 'staff' });
    expect(await reply(s.phone, '谢谢', id)).toEqual({ outcome: 'duplicate' });
    expect(await mine(s, s.advisor)).toHaveLength(1);
    expect((await letters(s)).filter((l) => l.direction === 'inbound')).toHaveLength(1);
  });

  it('a failed read of the replied order is retried, never taken for a closed order: the advisor gets the reply', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    const id = ulid();
    // DynamoDB fails the order's read once: the handler throws for SNS to redeliver, and writes nothing.
    const failing: Store = {
      ...store(),
      doc: new Proxy(store().doc, {
        get(target, name, receiver) {
          if (name !== 'send') return Reflect.get(target, name, receiver);
          return (command: { input?: { Key?: unknown } }) =>
            command instanceof GetCommand && JSON.stringify(command.input.Key).includes(s.order.id)
              ? Promise.reject(new Error('DynamoDB unavailable'))
              : target.send(command as never);
        },
      }),
    };
    await expect(replyThrough(failing, s.phone, 'can I come at 7?', id)).rejects.toThrow(
      'DynamoDB unavailable',
    );
    expect((await letters(s)).filter((l) => l.direction === 'inbound')).toEqual([]);
    // The redelivery reads the open order and reaches its advisor, not the follow-up agent.
    expect(await reply(s.phone, 'can I come at 7?', id)).toMatchObject({ outcome: 'staff' });
    expect(await mine(s, s.advisor)).toEqual([
      expect.objectContaining({ kind: 'customer-reply', record: { kind: 'order', id: s.order.id } }),
    ]);
  });

  it.each([
    ['not JSON', '{"originationNumber":'],
    [
      'a phone not in E.164',
      JSON.stringify({ originationNumber: '13800138000', destinationNumber: '+1555', messageBody: 'STOP' }),
    ],
    ['no message body', JSON.stringify({ originationNumber: '+8613800138000', destinationNumber: '+1555' })],
  ])('refuses a malformed notification (%s) and writes nothing', async (_, message) => {
    const { result, requests } = await measure(() =>
      handleNotification(store(), { Message: message, MessageId: ulid(), TopicArn: 'arn:aws:sns:x' }),
    );
    expect(result).toMatchObject({ outcome: 'refused' });
    expect(requests).toEqual([]);
  });
});

describe('the staff inbox (R-SELF-3, R-X-1, R-CMP-4)', () => {
  it('answers a reply with an SMS through the letter register; the duty is done', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    await reply(s.phone, '可以晚一点来取吗？');
    const [duty] = await mine(s, s.advisor);
    const answered = await call(s.advisor, 'POST', `/branches/${s.branchId}/replies/${duty?.id}/answer`, {
      body: { version: duty?.version, text: '可以，我们营业到18:00。' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.duty).toMatchObject({ completedBy: s.advisor.staffId });
    await sweepNow();
    expect(outbox.list()[0]?.text).toContain('可以，我们营业到18:00。');
    expect(await letters(s)).toContainEqual(
      expect.objectContaining({
        templateId: 'reply-answer',
        status: 'sent',
        subject: { kind: 'order', id: s.order.id },
      }),
    );
    expect(await mine(s, s.advisor)).toEqual([]);
  });

  it('refuses an answer over the segment limit (422 R-SELF-3) and a stale version (409)', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    await reply(s.phone, '请问费用多少？');
    const [duty] = await mine(s, s.advisor);
    const long = await call(s.advisor, 'POST', `/branches/${s.branchId}/replies/${duty?.id}/answer`, {
      body: { version: duty?.version, text: '费'.repeat(200) },
    });
    expect(long.status).toBe(422);
    expect(long.body.detail).toContain('segments');
    const stale = await call(s.advisor, 'POST', `/branches/${s.branchId}/replies/${duty?.id}/answer`, {
      body: { version: (duty?.version ?? 0) + 1, template: 'thanks' },
    });
    expect(stale.status).toBe(409);
  });

  it('a reply answered during quiet hours waits for their end (R-X-1)', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    // 22:00 in Shanghai: 11 h 50 min after the test's 10:10.
    clockAt.now = s.start + 11 * hour + 50 * minute;
    await reply(s.phone, '明天几点开门？');
    const [duty] = await mine(s, s.advisor);
    await call(s.advisor, 'POST', `/branches/${s.branchId}/replies/${duty?.id}/answer`, {
      body: { version: duty?.version, template: 'call-back' },
    });
    await sweepNow();
    expect(outbox.list()).toHaveLength(1); // the pickup notice only
    clockAt.now = s.start + 22 * hour; // 08:10
    await sweepNow();
    expect(outbox.list()).toHaveLength(2);
  });

  it('an unanswered reply escalates to the supervisor after replies.answerWithinMinutes', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    await reply(s.phone, '车什么时候好？');
    const [duty] = await mine(s, s.advisor);
    clockAt.now += 61 * minute;
    await sweepNow();
    expect(await mine(s, s.supervisor)).toEqual([
      expect.objectContaining({ kind: 'escalation', subject: { kind: 'duty', id: duty?.id } }),
    ]);
  });

  it('turns a reply that is a complaint into a case in one call (R-CMP-4)', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    await reply(s.phone, '修了三天还没好，太差了');
    const [duty] = await mine(s, s.advisor);
    const opened = await call(s.advisor, 'POST', `/branches/${s.branchId}/replies/${duty?.id}/complaint`, {
      body: { version: duty?.version, category: 'waiting' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.complaint).toMatchObject({
      channel: 'sms_reply',
      words: '修了三天还没好，太差了',
      orderId: s.order.id,
    });
    expect(await getDuty(store(), s.branchId, duty?.id ?? '')).toMatchObject({
      completedBy: s.advisor.staffId,
    });
    const recordDuties = await dutiesOfRecord(
      store(),
      s.branchId,
      { kind: 'order', id: s.order.id },
      { limit: 50 },
    );
    expect(recordDuties.items.map((d) => d.kind)).toContain('customer-reply');
  });

  it('opts a phone back in only with the recorded consent (422 R-SELF-3 without it)', async () => {
    const s = await givenChain();
    await pickupNotice(s);
    await reply(s.phone, 'TD');
    const bare = await call(s.advisor, 'POST', `/branches/${s.branchId}/sms-opt-in`, {
      body: { phone: s.phone },
    });
    expect(bare.status).toBe(422);
    expect(await phoneOptOut(store(), s.phone)).toMatchObject({ optedOut: true });
    const consented = await call(s.advisor, 'POST', `/branches/${s.branchId}/sms-opt-in`, {
      body: { phone: s.phone, consentBy: '陈先生', consentAt: iso(clockAt.now), consentHow: 'in_person' },
    });
    expect(consented.status).toBe(200);
    expect(consented.body).toMatchObject({
      optedOut: false,
      history: [{ change: 'out' }, { change: 'in', by: s.advisor.staffId }],
    });
  });
});
