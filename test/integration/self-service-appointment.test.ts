import { beforeEach, describe, expect, it } from 'vitest';
import { getDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import { addDays, localDate, localWallTime } from '../../shared/kernel/local-time';
import { lettersFiledBetween } from '../../shared/letters/store';
import { getOrder } from '../../shared/orders/store/orders';
import { dutyPerformers } from '../../shared/performers';
import { createOutboxSmsSender, type OutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { store } from '../../shared/platform/dynamo/client';
import { linkSigner } from '../../shared/platform/ports/link-signer';
import { setSmsSender } from '../../shared/platform/ports/sms';
import { call, gateway, givenBranch, hire, staff, type TestActor } from '../support/api';
import { checkAnswer } from '../support/contract-check';
import {
  clockAt,
  day,
  handoverNow,
  iso,
  minute,
  openEveryDay,
  useFarFutureClock,
} from '../support/far-clock';
import { givenCustomerWithVehicle, givenOrder } from '../support/orders';

/**
 * R-SELF-1, R-APT-1: the appointment reminder SMS carries a link; through it the customer sees the
 * appointment, confirms it (method `link`) or asks to move it (a call-back duty for the advisor),
 * once: the link is then spent. An appointment link does nothing else, and no order's link
 * touches an appointment. Bad bodies are 400 naming the field and change nothing. Against
 * DynamoDB Local, every answer checked against the OpenAPI document; the far-future clock starts
 * at 10:10 in Shenzhen.
 */
useFarFutureClock();
const tz = 'Asia/Shanghai';
const tokenInText = /\/c#([A-Za-z0-9_-]{22})/;
const sweepAll = () => sweep({ store: store(), performers: dutyPerformers(store()) });

let outbox: OutboxSmsSender;
beforeEach(() => {
  outbox = createOutboxSmsSender({ print: () => undefined });
  setSmsSender(outbox);
});

/** A public route called with a link's token in `x-link-token`, from an address of its own. */
async function linkCall(method: string, path: string, token: string, body?: unknown) {
  const response = await gateway.dispatch({
    method,
    path,
    headers: { 'content-type': 'application/json', 'x-link-token': token },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    sourceIp: `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.1`,
  });
  const parsed = response.body ? JSON.parse(response.body) : undefined;
  checkAnswer({
    method,
    path,
    status: response.status,
    contentType: response.headers['content-type'],
    body: parsed,
  });
  return { status: response.status, body: parsed, raw: response.body };
}

/** A booked appointment for tomorrow 10:30 and its reminder swept at its time: the SMS with its link. */
async function reminded() {
  const branchId = await givenBranch(openEveryDay);
  const advisor = await hire(branchId, ['advisor'], '李接待');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const startAt = localWallTime(addDays(localDate(iso(clockAt.now), tz), 1), '10:30', tz);
  const booked = await call(advisor, 'POST', `/branches/${branchId}/appointments`, {
    body: {
      customerId: owner.customerId,
      vehicleId: owner.vehicleId,
      origin: 'customer_request',
      startAt,
      durationMinutes: 60,
      work: '更换刹车片',
    },
  });
  expect(booked.status).toBe(201);
  const filedFrom = iso(clockAt.now);
  clockAt.now = Date.parse(booked.body.reminderAt);
  await sweepAll();
  clockAt.now += minute;
  await sweepAll();
  const sms = outbox.list().filter((m) => m.text.includes(owner.plate));
  const token = tokenInText.exec(sms.at(-1)?.text ?? '')?.[1] ?? '';
  const letters = (
    await lettersFiledBetween(store(), { branchId, from: filedFrom, to: iso(clockAt.now + day), limit: 20 })
  ).items.filter((l) => l.templateId === 'appointment-reminder');
  const appointmentPath = `/branches/${branchId}/appointments/${booked.body.id}`;
  const appointment = async () => (await call(advisor, 'GET', appointmentPath)).body;
  const duties = async () =>
    (await call(advisor, 'GET', `${appointmentPath}/duties`)).body.items as {
      kind: string;
      assignee?: string;
      payload: Record<string, unknown>;
    }[];
  return { branchId, advisor, owner, booked: booked.body, token, sms, letters, appointment, duties };
}

describe('the reminder carries the appointment link (R-SELF-1, R-APT-1)', () => {
  it('R-SELF-1: one reminder SMS with a link; the register keeps its token masked and names the link', async () => {
    const s = await reminded();
    expect(s.sms).toHaveLength(1);
    expect(s.token).toHaveLength(22);
    expect(s.letters).toHaveLength(1);
    const [letter] = s.letters;
    expect(letter?.text).toContain(`/c#${'*'.repeat(22)}`);
    expect(letter?.text).not.toContain(s.token);
    expect(letter?.text).toBe(s.sms[0]?.text.replace(s.token, '*'.repeat(22)));
    expect(await linkSigner().token(letter?.linkId ?? '')).toBe(s.token);
  });

  it('R-SELF-1, R-APT-1: GET /public/link shows the appointment, booked, and changes nothing', async () => {
    const s = await reminded();
    const before = await s.appointment();
    const view = await linkCall('GET', '/public/link', s.token);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      purpose: 'appointment',
      spent: false,
      appointment: {
        plate: s.owner.plate,
        startAt: s.booked.startAt,
        work: '更换刹车片',
        state: 'booked',
        moveRequested: false,
      },
    });
    expect(view.body.order).toBeUndefined();
    expect(view.raw).not.toContain(s.token);
    expect(await s.appointment()).toEqual(before);
  });
});

describe('confirming through the link (R-APT-1, R-SELF-1)', () => {
  it('R-APT-1: confirms with method link, spends the link; a second confirm is 410 link-spent and changes nothing', async () => {
    const s = await reminded();
    // The customer page posts `{}`.
    const confirmed = await linkCall('POST', '/public/link/appointment/confirm', s.token, {});
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      purpose: 'appointment',
      spent: true,
      appointment: { state: 'confirmed', moveRequested: false },
    });
    const stored = await s.appointment();
    expect(stored).toMatchObject({
      state: 'confirmed',
      awaiting: [],
      version: s.booked.version + 1,
      confirmation: { method: 'link', by: s.booked.customerName, at: iso(clockAt.now) },
    });

    for (const [path, body] of [
      ['/public/link/appointment/confirm', {}],
      ['/public/link/appointment/move-request', { note: '改到下午' }],
    ] as const) {
      const replay = await linkCall('POST', path, s.token, body);
      expect(replay.status).toBe(410);
      expect(replay.body.type).toBe('/problems/link-spent');
      expect(replay.raw).not.toContain(s.token);
    }
    expect(await s.appointment()).toEqual(stored);
    expect((await s.duties()).map((d) => d.kind)).not.toContain('appointment-move-request');
    // A spent link still shows what was done.
    const view = await linkCall('GET', '/public/link', s.token);
    expect(view.body).toMatchObject({
      spent: true,
      appointment: { state: 'confirmed', moveRequested: false },
    });
  });
});

describe('asking to move through the link (R-APT-1, R-SELF-1)', () => {
  it('R-APT-1: a call-back duty for the advisor with the preferred times; the link is spent and the appointment unchanged', async () => {
    const s = await reminded();
    const before = await s.appointment();
    const preferred = iso(Date.parse(s.booked.startAt) + 2 * day);
    const asked = await linkCall('POST', '/public/link/appointment/move-request', s.token, {
      preferredTimes: [preferred],
      note: '那天要出差',
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ spent: true, appointment: { state: 'booked', moveRequested: true } });

    const requests = (await s.duties()).filter((d) => d.kind === 'appointment-move-request');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      assignee: s.advisor.staffId,
      status: 'pending',
      dueAt: iso(clockAt.now + 60 * minute),
      payload: {
        plate: s.owner.plate,
        startAt: s.booked.startAt,
        preferredTimes: [preferred],
        note: '那天要出差',
      },
    });
    // The move stays the advisor's: the appointment keeps its time and state.
    expect(await s.appointment()).toEqual(before);

    for (const path of ['/public/link/appointment/move-request', '/public/link/appointment/confirm']) {
      const replay = await linkCall('POST', path, s.token, {});
      expect(replay.status).toBe(410);
      expect(replay.body.type).toBe('/problems/link-spent');
    }
    expect(await s.appointment()).toEqual(before);
    expect((await s.duties()).filter((d) => d.kind === 'appointment-move-request')).toHaveLength(1);
  });
});

describe('one answer per link, and only while the appointment is open (R-SELF-1, R-APT-1)', () => {
  it('R-SELF-1: a confirm and a move request at once: exactly one wins, the other is 410 link-spent', async () => {
    const s = await reminded();
    const answers = await Promise.all([
      linkCall('POST', '/public/link/appointment/confirm', s.token, {}),
      linkCall('POST', '/public/link/appointment/move-request', s.token, { note: '改到下午' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
    expect(answers.find((a) => a.status === 410)?.body.type).toBe('/problems/link-spent');
    const confirmedWon = answers[0]?.status === 200;
    const stored = await s.appointment();
    const requests = (await s.duties()).filter((d) => d.kind === 'appointment-move-request');
    expect(stored.state).toBe(confirmedWon ? 'confirmed' : 'booked');
    expect(stored.confirmation?.method).toBe(confirmedWon ? 'link' : undefined);
    expect(requests).toHaveLength(confirmedWon ? 0 : 1);
  });

  it.each(['/public/link/appointment/confirm', '/public/link/appointment/move-request'])(
    'R-APT-1: %s on a cancelled appointment is 409 invalid-transition; nothing changes and the link stays unspent',
    async (path) => {
      const s = await reminded();
      const cancelled = await call(
        s.advisor,
        'POST',
        `/branches/${s.branchId}/appointments/${s.booked.id}/cancel`,
        { body: { version: s.booked.version, reason: '客户出差' } },
      );
      expect(cancelled.status).toBe(200);
      const before = await s.appointment();
      const refused = await linkCall('POST', path, s.token, {});
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ type: '/problems/invalid-transition', state: 'cancelled' });
      expect(await s.appointment()).toEqual(before);
      expect((await s.duties()).map((d) => d.kind)).not.toContain('appointment-move-request');
      expect((await linkCall('GET', '/public/link', s.token)).body).toMatchObject({
        spent: false,
        appointment: { state: 'cancelled' },
      });
    },
  );
});

describe('a link does only what its purpose allows (R-SELF-1)', () => {
  it('R-SELF-1: an appointment link answers no add-on and no survey (404), and stays unspent', async () => {
    const s = await reminded();
    const before = await s.appointment();
    const addOn = await linkCall('POST', '/public/link/add-ons/01JAAAAAAAAAAAAAAAAAAAAAAA/answer', s.token, {
      decision: 'approved',
    });
    const aspect = { expected: 4, perceived: 4 };
    const survey = await linkCall('POST', '/public/link/survey', s.token, {
      scores: { onTime: aspect, priceAsQuoted: aspect, quality: aspect, courtesy: aspect, overall: aspect },
    });
    for (const refused of [addOn, survey]) {
      expect(refused.status).toBe(404);
      expect(refused.body.type).toBe('/problems/link-not-found');
    }
    expect(await s.appointment()).toEqual(before);
    expect((await linkCall('GET', '/public/link', s.token)).body.spent).toBe(false);
  });

  it.each(['addon', 'status'] as const)(
    'R-SELF-1, R-APT-1: an order’s %s link confirms no appointment and asks no move (404)',
    async (purpose) => {
      const branchId = await givenBranch(openEveryDay);
      const advisor: TestActor = staff(['advisor'], [branchId], 'Advisor Li');
      const owner = await givenCustomerWithVehicle(branchId, advisor);
      let orderId: string;
      if (purpose === 'addon') {
        const lead = staff(['team-lead'], [branchId], 'Team Lead Wang');
        const order = await givenOrder(branchId, owner, 'in_workshop');
        orderId = order.id;
        const raised = await call(lead, 'POST', `/branches/${branchId}/orders/${order.id}/raiseAddOn`, {
          body: {
            version: order.version,
            description: 'Replace wiper blades',
            reason: 'Blades torn',
            lines: [
              { kind: 'labour', description: 'Replace blades', system: 'body', hours: 0.5, rate: 20_000 },
            ],
            extraMinutes: 30,
            safetyRelated: false,
          },
        });
        expect(raised.status).toBe(200);
        await sweepAll();
        clockAt.now += minute;
        await sweepAll();
      } else {
        // The pickup notice of an order in the workshop carries a status link.
        const dispatcher = await hire(branchId, ['dispatcher'], '调度 周');
        await hire(branchId, ['team-lead'], '班组 A');
        const promisedAt = iso(clockAt.now + day);
        const order = await givenOrder(branchId, owner, 'confirmed', {
          handover: handoverNow(),
          promisedAt,
          originalPromisedAt: promisedAt,
        });
        orderId = order.id;
        const moved = await call(advisor, 'POST', `/branches/${branchId}/orders/${order.id}/transfer`, {
          body: { version: order.version, washed: true, receivedBy: dispatcher.staffId, mode: 'single_team' },
        });
        if (moved.status !== 200) throw new Error(`transfer: ${JSON.stringify(moved.body)}`);
        const noticeId = (await getOrder(store(), branchId, order.id)).duties?.pickupNotice ?? '';
        const notice = await getDuty(store(), branchId, noticeId);
        clockAt.now = Date.parse(notice.fireAt);
        await sweepAll();
        clockAt.now += minute;
        await sweepAll();
      }
      const token = tokenInText.exec(outbox.list().at(-1)?.text ?? '')?.[1] ?? '';
      expect(token).toHaveLength(22);
      const view = await linkCall('GET', '/public/link', token);
      expect(view.body).toMatchObject({ purpose, spent: false });
      const before = await getOrder(store(), branchId, orderId);
      for (const [path, body] of [
        ['/public/link/appointment/confirm', {}],
        ['/public/link/appointment/move-request', { note: '改时间' }],
      ] as const) {
        const refused = await linkCall('POST', path, token, body);
        expect(refused.status).toBe(404);
        expect(refused.body.type).toBe('/problems/link-not-found');
      }
      expect(await getOrder(store(), branchId, orderId)).toEqual(before);
      expect((await linkCall('GET', '/public/link', token)).body.spent).toBe(false);
    },
  );
});

describe('bad move-request bodies (R-APT-1, R-SELF-1, R-X-4)', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown field', { colour: 'red' }, 'body.colour'],
    ['preferred times that are not a list', { preferredTimes: 'tomorrow' }, 'body.preferredTimes'],
    [
      'a preferred time without its offset',
      { preferredTimes: ['2031-06-12T10:30:00'] },
      'body.preferredTimes.0',
    ],
    ['a preferred time that is a number', { preferredTimes: [1_900_000_000_000] }, 'body.preferredTimes.0'],
    [
      'four preferred times',
      { preferredTimes: Array(4).fill('2031-06-12T10:30:00+08:00') },
      'body.preferredTimes',
    ],
    ['a note that is a number', { note: 42 }, 'body.note'],
    ['an empty note', { note: '   ' }, 'body.note'],
    ['a note of 501 characters', { note: 'x'.repeat(501) }, 'body.note'],
  ])(
    'R-X-4: refuses %s (400 naming the field); the link stays unspent and nothing changes',
    async (_case, body, field) => {
      const s = await reminded();
      const before = await s.appointment();
      const refused = await linkCall('POST', '/public/link/appointment/move-request', s.token, body);
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      expect(refused.raw).not.toContain(s.token);
      expect(await s.appointment()).toEqual(before);
      expect((await s.duties()).map((d) => d.kind)).not.toContain('appointment-move-request');
      const view = await linkCall('GET', '/public/link', s.token);
      expect(view.body).toMatchObject({
        spent: false,
        appointment: { state: 'booked', moveRequested: false },
      });
    },
  );
});
