import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sweep } from '../../shared/duty-engine/sweeper';
import { lettersFiledBetween } from '../../shared/letters/store';
import { orderDutyPerformers } from '../../shared/orders/duties/performers';
import type { Order } from '../../shared/orders/schemas/order';
import { getOrder } from '../../shared/orders/store/orders';
import { createOutboxSmsSender, type OutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { store } from '../../shared/platform/dynamo/client';
import { logger } from '../../shared/platform/logger';
import { hashToken, linkSigner } from '../../shared/platform/ports/link-signer';
import { setSmsSender } from '../../shared/platform/ports/sms';
import { call, gateway, givenBranch, staff, type TestActor } from '../support/api';
import { checkAnswer } from '../support/contract-check';
import { clockAt, day, iso, minute, openEveryDay, useFarFutureClock } from '../support/far-clock';
import { givenCustomerWithVehicle, givenOrder } from '../support/orders';

/**
 * R-SELF-1, R-ADD-2: the add-on question SMS carries a link; the customer answers each item
 * through the public routes, which see only the link's own record. And the security of issue 13
 * point 6: a token works only for its record and purpose; guessing is hopeless and throttled;
 * expired and revoked tokens refuse; a GET changes nothing; a spent token replayed changes
 * nothing; no token in a log line, the letter register or an error body.
 */
useFarFutureClock();
let outbox: OutboxSmsSender;
beforeEach(() => {
  outbox = createOutboxSmsSender({ print: () => undefined });
  setSmsSender(outbox);
});

const brakeDisc = {
  description: 'Replace front brake discs',
  reason: 'Discs below minimum thickness',
  lines: [{ kind: 'labour', description: 'Replace discs', system: 'brakes', hours: 1, rate: 20_000 }],
  extraMinutes: 60,
  safetyRelated: true,
};

async function linkCall(
  method: string,
  path: string,
  token: string | undefined,
  options: { body?: unknown; sourceIp?: string } = {},
) {
  const response = await gateway.dispatch({
    method,
    path,
    headers: {
      'content-type': 'application/json',
      ...(token !== undefined ? { 'x-link-token': token } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    sourceIp: options.sourceIp ?? `10.${Math.floor(Math.random() * 250)}.0.1`,
  });
  const body = response.body ? JSON.parse(response.body) : undefined;
  checkAnswer({ method, path, status: response.status, contentType: response.headers['content-type'], body });
  return { status: response.status, headers: response.headers, body, raw: response.body };
}

/** An order waiting for two add-on items, and the add-on question SMS sent with its link. */
async function addOnQuestion() {
  const branchId = await givenBranch(openEveryDay);
  const teamLead: TestActor = staff(['team-lead'], [branchId], 'Team Lead Wang');
  const advisor: TestActor = staff(['advisor'], [branchId], 'Advisor Li');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  let order: Order = await givenOrder(branchId, owner, 'in_workshop');
  const filedFrom = iso(clockAt.now);
  for (const description of ['Replace front brake discs', 'Replace wiper blades']) {
    const raised = await call(teamLead, 'POST', `/branches/${branchId}/orders/${order.id}/raiseAddOn`, {
      body: { version: order.version, ...brakeDisc, description },
    });
    expect(raised.status).toBe(200);
    order = raised.body;
  }
  await sweep({ store: store(), performers: orderDutyPerformers(store()) });
  clockAt.now += minute;
  await sweep({ store: store(), performers: orderDutyPerformers(store()) });
  const sms = outbox.list().filter((m) => /\/c#[A-Za-z0-9_-]{22}/.test(m.text));
  const token = /\/c#([A-Za-z0-9_-]{22})/.exec(sms.at(-1)?.text ?? '')?.[1] ?? '';
  const letters = (
    await lettersFiledBetween(store(), { branchId, from: filedFrom, to: iso(clockAt.now + day), limit: 10 })
  ).items.filter((l) => l.templateId === 'addon-approval-request');
  return { branchId, advisor, order, token, sms, letters };
}

describe('the add-on question with its link (R-ADD-2, R-SELF-1)', () => {
  it('sends one SMS per raise listing every pending item; the register keeps the token masked', async () => {
    const s = await addOnQuestion();
    expect(s.token).toHaveLength(22);
    expect(s.sms.at(-1)?.text).toContain('Replace wiper blades');
    expect(s.letters.length).toBeGreaterThan(0);
    for (const letter of s.letters) {
      expect(letter.text).toContain('*'.repeat(22));
      expect(letter.text).not.toContain(s.token);
      expect(letter.linkId).toBe(letter.id);
    }
    // The token is the one the signer mints from the letter's link id.
    expect(await Promise.all(s.letters.map((l) => linkSigner().token(l.linkId ?? '')))).toContain(s.token);
  });

  it('shows the order and its pending items, approves one and declines the other; the link is then spent', async () => {
    const s = await addOnQuestion();
    const view = await linkCall('GET', '/public/link', s.token);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ purpose: 'addon', spent: false, order: { state: 'waiting_for_you' } });
    const [first, second] = view.body.order.pendingAddOns as { id: string }[];
    const approved = await linkCall('POST', `/public/link/add-ons/${first?.id}/answer`, s.token, {
      body: { decision: 'approved' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.spent).toBe(false);
    expect(Date.parse(approved.body.order.promisedAt)).toBe(Date.parse(s.order.promisedAt) + 60 * minute);
    const declined = await linkCall('POST', `/public/link/add-ons/${second?.id}/answer`, s.token, {
      body: { decision: 'declined' },
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ spent: true, order: { state: 'in_progress', pendingAddOns: [] } });
    const stored = await getOrder(store(), s.branchId, s.order.id);
    expect(stored.addOns.map((a) => a.answer?.channel)).toEqual(['link', 'link']);
    expect(stored.addOns[0]?.answer?.recordedBy.staffId).toBe(`customer:${s.order.customerId}`);
  });
});

describe('link security (R-SELF-1, issue 13 point 6)', () => {
  it('refuses an unknown, malformed or missing token alike (404), and a token on another purpose’s route', async () => {
    const s = await addOnQuestion();
    const guess = `${s.token.slice(0, 21)}${s.token.endsWith('A') ? 'B' : 'A'}`;
    for (const token of [guess, 'short', undefined]) {
      const refused = await linkCall('GET', '/public/link', token);
      expect(refused.status).toBe(404);
      expect(refused.body.type).toBe('/problems/link-not-found');
    }
    // An add-on link confirms no appointment.
    const foreign = await linkCall('POST', '/public/link/appointment/confirm', s.token);
    expect(foreign.status).toBe(404);
    // An add-on item of another order is not the link's.
    const other = await linkCall('POST', '/public/link/add-ons/01JAAAAAAAAAAAAAAAAAAAAAAA/answer', s.token, {
      body: { decision: 'approved' },
    });
    expect(other.status).toBe(404);
  });

  it('throttles calls per token and per source address (429 with retry-after)', async () => {
    const s = await addOnQuestion();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await linkCall('GET', '/public/link', s.token)).status);
    expect(statuses.slice(0, 30).every((x) => x === 200)).toBe(true);
    const throttled = await linkCall('GET', '/public/link', s.token);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // Guessing from one address: throttled whether the guesses exist or not.
    const guesses: number[] = [];
    for (let i = 0; i < 62; i++)
      guesses.push(
        (
          await linkCall('GET', '/public/link', `guess${String(i).padStart(17, '0')}`, {
            sourceIp: '192.0.2.7',
          })
        ).status,
      );
    expect(guesses.slice(0, 60).every((x) => x === 404)).toBe(true);
    expect(guesses.at(-1)).toBe(429);
  });

  it('refuses an expired link (410) and a revoked one (410) and changes nothing', async () => {
    const s = await addOnQuestion();
    const listed = await call(s.advisor, 'GET', `/branches/${s.branchId}/links`, {
      query: { kind: 'order', recordId: s.order.id },
    });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(s.token);
    const linkId = listed.body.items.find((l: { linkId: string }) => hashToken(s.token) && l.linkId)?.linkId;
    clockAt.now += 4 * day;
    expect((await linkCall('GET', '/public/link', s.token)).body.type).toBe('/problems/link-expired');
    clockAt.now -= 4 * day;
    for (const item of listed.body.items as { linkId: string }[]) {
      const revoked = await call(s.advisor, 'POST', `/branches/${s.branchId}/links/${item.linkId}/revoke`);
      expect(revoked.status).toBe(200);
    }
    expect(linkId).toBeDefined();
    const refused = await linkCall('GET', '/public/link', s.token);
    expect(refused.status).toBe(410);
    expect(refused.body.type).toBe('/problems/link-revoked');
  });

  it('changes nothing on a GET; a spent link replayed changes nothing; no token in logs or error bodies', async () => {
    const spies = (['debug', 'info', 'warn', 'error'] as const).map((level) => vi.spyOn(logger, level));
    const s = await addOnQuestion();
    const domainItems = async () =>
      (
        await store().doc.send(
          new QueryCommand({
            TableName: store().tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `BR#${s.branchId}#LINKS` },
          }),
        )
      ).Items;
    const before = [await domainItems(), await getOrder(store(), s.branchId, s.order.id)];
    expect((await linkCall('GET', '/public/link', s.token)).status).toBe(200);
    expect([await domainItems(), await getOrder(store(), s.branchId, s.order.id)]).toEqual(before);

    const view = await linkCall('GET', '/public/link', s.token);
    const ids = (view.body.order.pendingAddOns as { id: string }[]).map((a) => a.id);
    for (const id of ids)
      await linkCall('POST', `/public/link/add-ons/${id}/answer`, s.token, {
        body: { decision: 'declined' },
      });
    const spent = await getOrder(store(), s.branchId, s.order.id);
    const replay = await linkCall('POST', `/public/link/add-ons/${ids[0]}/answer`, s.token, {
      body: { decision: 'approved' },
    });
    expect(replay.status).toBe(410);
    expect(replay.body.type).toBe('/problems/link-spent');
    expect(replay.raw).not.toContain(s.token);
    expect(await getOrder(store(), s.branchId, s.order.id)).toEqual(spent);

    const logged = JSON.stringify(spies.flatMap((spy) => spy.mock.calls));
    expect(logged).not.toContain(s.token);
    for (const spy of spies) spy.mockRestore();
  });
});
