import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamo';
import { type Runtime, startRuntime } from '../../infra/local/runtime';
import { lastOutbound } from '../../shared/letters/store';
import { acceleratedClock, clock, setClock } from '../../shared/platform/ports/clock';
import { demoAfternoon, restoreTestClock, waitFor } from '../support/clock';
import { sharedDynamo } from '../support/e2e-dynamo';
import { runtimeApi } from '../support/runtime-api';

/**
 * The replies demo on the local runtime (R-SELF-3, R-X-1, R-FUP-6), as with `npm start`: a demo
 * customer's pickup notice reaches the outbox; the customer answers it through
 * `POST /local/inbound-sms` (the local stand-in for the inbound SNS topic); the reply is in the
 * advisor's queue with the thread; the advisor answers it from the same screen; the answer reaches
 * the outbox, and `/local/outbox` shows the thread both ways.
 */
let runtime: Runtime;
const { ok, api } = runtimeApi(() => runtime);

beforeAll(async () => {
  // 14:00 in Shenzhen at 480×: the demo's pickup notices go in the first demo hour (seconds of real time), outside quiet hours.
  setClock(acceleratedClock(480, new Date(demoAfternoon)));
  runtime = await startRuntime({ ...sharedDynamo(), port: await freePort(), sweepEveryMs: 250 });
});

afterAll(async () => {
  restoreTestClock();
  await runtime?.stop();
});

async function post(path: string, body: unknown) {
  const response = await fetch(`${runtime.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('a customer answers a pickup notice by SMS (R-SELF-3)', () => {
  it("reaches the advisor's queue, is answered from there, and the answer reaches the outbox", async () => {
    const notice = await waitFor(
      'a Shenzhen pickup notice in the outbox',
      () => runtime.outbox.list().find((m) => m.to.startsWith('+86') && m.text.includes('完工')),
      90_000,
    );
    // From here the demo clock runs at real speed: at 480× the reply's hour to be answered
    // (R-SELF-3, policy `replies.answerWithinMinutes`) is 7.5 s of real time, and on a loaded
    // machine it could escalate to the supervisor before the advisor's queue is read.
    setClock(acceleratedClock(1, clock().now()));
    // The outbox has the SMS the moment it is sent; the letter register records it sent (and the
    // phone's last outbound message, what a reply is matched to) in the write that follows. A
    // customer answers seconds later; the test waits for that write instead.
    await waitFor('the notice recorded as the phone’s last outbound message', async () =>
      (await lastOutbound(runtime.store, notice.to))?.templateId === 'pickup-notice' ? true : undefined,
    );

    const received = await post('/local/inbound-sms', {
      from: notice.to,
      body: '可以晚上七点来取车吗？',
      id: 'demo-reply-1',
    });
    expect(received).toMatchObject({ status: 200, body: { outcome: 'staff' } });
    // The topic delivers it again (SNS is at-least-once): handled once.
    const again = await post('/local/inbound-sms', {
      from: notice.to,
      body: '可以晚上七点来取车吗？',
      id: 'demo-reply-1',
    });
    expect(again.body).toEqual({ outcome: 'duplicate' });
    // A malformed notification is refused.
    expect((await post('/local/inbound-sms', { from: '13600136001', body: 'hi' })).status).toBe(400);

    const queue: { id: string; kind: string; version: number }[] = (
      await ok('sz.advisor', 'GET', '/branches/SZ/duties/mine?limit=100')
    ).items;
    const duty = queue.find((d) => d.kind === 'customer-reply') as (typeof queue)[number];
    expect(
      duty,
      `the advisor's queue: ${queue.map((d) => d.kind).join(', ')}; the reply: ${JSON.stringify(received.body)}`,
    ).toMatchObject({
      record: { kind: 'order' },
      payload: {
        text: '可以晚上七点来取车吗？',
        // R-SELF-1: the duty quotes the notice as registered, its link's token masked.
        inReplyTo: {
          templateId: 'pickup-notice',
          text: notice.text.replace(/#[A-Za-z0-9_-]{22}$/, `#${'*'.repeat(22)}`),
        },
      },
    });

    const answered = await api('sz.advisor', 'POST', `/branches/SZ/replies/${duty.id}/answer`, {
      version: duty.version,
      text: '可以，我们等您。',
    });
    expect(answered.status).toBe(200);
    const answer = await waitFor('the answer in the outbox', () =>
      runtime.outbox.list().find((m) => m.to === notice.to && m.text.includes('可以，我们等您。')),
    );
    expect(answer.to).toBe(notice.to);

    const outbox = (await (await fetch(`${runtime.url}/local/outbox`)).json()) as {
      threads: Record<string, { direction: string }[]>;
      inbound: unknown[];
    };
    expect((outbox.threads[notice.to] ?? []).map((m: { direction: string }) => m.direction)).toEqual(
      expect.arrayContaining(['outbound', 'inbound', 'outbound']),
    );
    expect(outbox.inbound).toEqual([expect.objectContaining({ from: notice.to, outcome: 'staff' })]);
  });
});
