import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { sweep } from '../../shared/duty-engine/sweeper';
import { orderDutyPerformers } from '../../shared/orders/duties/performers';
import { createOutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { store } from '../../shared/platform/dynamo/client';
import { setSmsSender } from '../../shared/platform/ports/sms';
import { call, givenBranch, hire, staff } from '../support/api';
import { clockAt, handoverNow, hour, iso, openEveryDay, useFarFutureClock } from '../support/far-clock';
import { givenCustomerWithVehicle, givenOrder } from '../support/orders';
import { measure } from '../support/request-count';

/**
 * R-X-5: staff see every scheduled duty of a record (its kind, assignee, when it opens and falls
 * due, when it was done or sent, and for an SMS its letter), so an advisor can tell a customer when
 * the SMS will come. One Query of the `recordDuties` index per record. The sweeper reads a global
 * index, so the file runs on the far-future clock (a day of its own, 10:10 in Shenzhen).
 */
useFarFutureClock();

type Duty = {
  id: string;
  kind: string;
  status: string;
  assignee?: string;
  fireAt: string;
  openAt: string;
  dueAt: string;
  doneAt?: string;
  version: number;
  record: { kind: string; id: string };
  result?: { letter?: { id: string; status: string; text: string } };
};

async function inWorkshop() {
  const branchId = await givenBranch(openEveryDay);
  const advisor = staff(['advisor'], [branchId], '李接待');
  const dispatcher = await hire(branchId, ['dispatcher'], '调度 周');
  await hire(branchId, ['team-lead'], '班组 A');
  await hire(branchId, ['supervisor'], '主管 林');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const promisedAt = iso(clockAt.now + 6 * hour);
  const confirmed = await givenOrder(branchId, owner, 'confirmed', {
    handover: handoverNow(),
    promisedAt,
    originalPromisedAt: promisedAt,
  });
  const base = `/branches/${branchId}/orders/${confirmed.id}`;
  const moved = await call(advisor, 'POST', `${base}/transfer`, {
    body: { version: confirmed.version, washed: true, receivedBy: dispatcher.staffId, mode: 'single_team' },
  });
  if (moved.status !== 200) throw new Error(`transfer: ${JSON.stringify(moved.body)}`);
  return { branchId, advisor, dispatcher, owner, base, order: moved.body };
}

const duties = async (s: { advisor: ReturnType<typeof staff>; base: string }) =>
  (await call(s.advisor, 'GET', `${s.base}/duties`)).body.items as Duty[];

describe("an order's duties (R-X-5)", () => {
  it('lists the pickup notice and the progress check with their times in one Query; the order says when the SMS goes', async () => {
    const s = await inWorkshop();
    const { result, requests } = await measure(() => call(s.advisor, 'GET', `${s.base}/duties`));
    expect(result.status).toBe(200);
    expect(requests).toEqual(['Query']);
    const items = result.body.items as Duty[];
    expect(items.map((d) => d.kind).sort()).toEqual(['pickup-notice', 'progress-check']);
    const notice = items.find((d) => d.kind === 'pickup-notice');
    // R-PKP-2: a 6-hour job, so 1 hour before the promise; a machine duty, nobody's queue.
    expect(notice).toMatchObject({
      status: 'pending',
      fireAt: iso(clockAt.now + 5 * hour),
      record: { kind: 'order', id: s.order.id },
    });
    expect(notice?.assignee).toBeUndefined();
    expect(s.order.pickupNoticeAt).toBe(notice?.fireAt);
    const check = items.find((d) => d.kind === 'progress-check');
    expect(check).toMatchObject({ status: 'pending', assignee: s.dispatcher.staffId });
  });

  it('shows the notice done and sent, with its letter, once the sweeper sent it', async () => {
    const s = await inWorkshop();
    setSmsSender(createOutboxSmsSender({ print: () => undefined }));
    clockAt.now += 5 * hour;
    await sweep({ store: store(), performers: orderDutyPerformers(store()), now: new Date(clockAt.now) });

    const notice = (await duties(s)).find((d) => d.kind === 'pickup-notice');
    expect(notice).toMatchObject({ status: 'done', doneAt: iso(clockAt.now) });
    expect(notice?.result?.letter).toMatchObject({ id: notice?.id, status: 'sent' });
    expect(notice?.result?.letter?.text).toContain(s.order.plate);
  });

  it('moves the shown notice time with the promise', async () => {
    const s = await inWorkshop();
    const promisedAt = iso(clockAt.now + 7 * hour);
    const moved = await call(s.advisor, 'POST', `${s.base}/movePromise`, {
      body: { version: s.order.version, promisedAt, reason: 'Waiting for a part' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.pickupNoticeAt).toBe(iso(clockAt.now + 6 * hour));
    expect((await duties(s)).find((d) => d.kind === 'pickup-notice')?.fireAt).toBe(moved.body.pickupNoticeAt);
  });

  it("lists the supervisor's escalation of the order's check and the delay notice with the order", async () => {
    const s = await inWorkshop();
    const check = (await duties(s)).find((d) => d.kind === 'progress-check');
    const answered = await call(
      s.dispatcher,
      'POST',
      `/branches/${s.branchId}/duties/${check?.id}/complete`,
      {
        body: {
          version: check?.version,
          result: { expectedFinish: iso(clockAt.now + 7 * hour), anomaly: 'A seized bolt' },
        },
      },
    );
    expect(answered.status).toBe(200);
    const kinds = (await duties(s)).map((d) => d.kind).sort();
    expect(kinds).toEqual(['delay-notice', 'escalation', 'pickup-notice', 'progress-check']);
  });

  it('answers 404 for an order not on file, and 400 for an id that is not one', async () => {
    const s = await inWorkshop();
    const missing = await call(s.advisor, 'GET', `/branches/${s.branchId}/orders/${ulid()}/duties`);
    expect(missing.status).toBe(404);
    const bad = await call(s.advisor, 'GET', `/branches/${s.branchId}/orders/not-an-id/duties`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('path.orderId');
  });
});

describe("a customer's duties (R-X-5)", () => {
  it("lists the archive's completion duty in one Query, and 404 for a customer not on file", async () => {
    const branchId = await givenBranch(openEveryDay);
    const advisor = staff(['advisor'], [branchId], '李接待');
    // An archive without an address is incomplete: its duty waits for the follow-up agent (R-ARC-2).
    const customer = await call(advisor, 'POST', `/branches/${branchId}/customers`, {
      body: {
        name: '黄先生',
        phones: [{ number: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` }],
      },
    });
    expect(customer.status).toBe(201);
    const { result, requests } = await measure(() =>
      call(advisor, 'GET', `/branches/${branchId}/customers/${customer.body.id}/duties`),
    );
    expect(requests).toEqual(['Query']);
    expect(result.body.items).toEqual([
      expect.objectContaining({
        kind: 'archive-incomplete',
        record: { kind: 'customer', id: customer.body.id },
        status: 'pending',
      }),
    ]);
    const missing = await call(advisor, 'GET', `/branches/${branchId}/customers/${ulid()}/duties`);
    expect(missing.status).toBe(404);
  });
});
