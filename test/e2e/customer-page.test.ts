import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../customer/site';
import { freePort } from '../../infra/local/dynamo';
import { type Runtime, startRuntime } from '../../infra/local/runtime';
import { sweep } from '../../shared/duty-engine/sweeper';
import type { Order } from '../../shared/orders/schemas/order';
import { dutyPerformers } from '../../shared/performers';
import type { OutboxEntry } from '../../shared/platform/adapters/outbox-sms';
import { setClock } from '../../shared/platform/ports/clock';
import { restoreTestClock, testNow, waitFor } from '../support/clock';
import { sharedDynamo } from '../support/e2e-dynamo';
import { givenOrder } from '../support/orders';
import { runtimeApi } from '../support/runtime-api';

/**
 * Issue 13's browser test (R-SELF-1, R-ADD-2): the customer page, served by a fresh local runtime
 * at /c and loaded in headless Chromium (Debian's `chromium`, driven by playwright-core) at a
 * 360 px wide phone's viewport. A Hong Kong order in the workshop gets two add-on items from the
 * dispatcher (over the API); the sweeper sends the add-on question, whose SMS in the outbox
 * carries `<base>/c#<token>`. Opened in the browser, the page shows the status in the branch's
 * language (zh-Hant); the customer approves one item and declines the other there, and the page
 * and the staff API show the same new promise. An expired, a revoked and an unknown token each
 * show a clear page, and neither the page nor a POST with them changes the order; a valid token
 * of another order cannot answer this one's items. axe-core finds no serious or critical
 * violation on any of these pages.
 */
let runtime: Runtime;
let browser: Browser;
const problems: string[] = [];
const { ok } = runtimeApi(() => runtime);
const b = '/branches/HK';
const minute = 60_000;
const day = 24 * 60 * minute;
const tokenInLink = /\/c#([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/;

function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error("Debian's chromium is missing: apt-get install -y chromium (.ci/run installs it)");
  }
}

beforeAll(async () => {
  const executablePath = chromiumPath();
  // The test drives the sweeper itself (below), at the clock's time, so no interval runs beside it.
  runtime = await startRuntime({
    ...sharedDynamo(),
    port: await freePort(),
    sweepEveryMs: 0,
    streamEveryMs: 0,
  });
  browser = await chromium.launch({ executablePath, headless: true });
}, 120_000);

afterAll(async () => {
  restoreTestClock();
  await browser?.close();
  await runtime?.stop();
});

let cars = 0;

/** A new customer's car at HK (over the API), its order in the workshop (a fixture), in HKD. */
async function orderInWorkshop(): Promise<{ order: Order; phone: string }> {
  const serial = String(++cars).padStart(3, '0');
  const phone = `9133${serial}${cars % 10}`;
  const customer = await ok('hk.advisor', 'POST', `${b}/customers`, {
    name: '李先生',
    phones: [{ number: phone }],
  });
  const vehicle = await ok('hk.advisor', 'POST', `${b}/customers/${customer.id}/vehicles`, {
    plate: `CP${serial}`,
    vehicleType: 'car',
    model: 'Toyota Corolla',
    odometerKm: 51_000,
  });
  const order = await givenOrder(
    'HK',
    { customerId: customer.id, vehicleId: vehicle.id, plate: vehicle.plate },
    'in_workshop',
    { currency: 'HKD', customerName: '李先生' },
  );
  return { order, phone };
}

const brakeFluid = {
  description: '更換煞車油',
  reason: '煞車油變黑及含水',
  lines: [
    { kind: 'labour', description: '更換煞車油', system: 'brakes', hours: 0.5, rate: 40_000 },
    {
      kind: 'part',
      description: 'DOT4 煞車油 1 L',
      system: 'brakes',
      quantity: 1,
      unitPrice: 12_000,
      supplier: 'shop',
      grade: 'oem',
    },
  ],
  extraMinutes: 45,
  safetyRelated: true,
};
const wipers = {
  description: '更換雨刷',
  reason: '雨刷有水痕',
  lines: [
    {
      kind: 'part',
      description: '雨刷（一對）',
      system: 'body',
      quantity: 1,
      unitPrice: 16_000,
      supplier: 'shop',
      grade: 'aftermarket',
    },
  ],
  extraMinutes: 10,
  safetyRelated: false,
};

/** The dispatcher raises `items` on the order (R-ADD-1). */
async function raise(order: Order, items: object[]): Promise<Order> {
  let current = order;
  for (const item of items) {
    current = await ok('hk.dispatcher', 'POST', `${b}/orders/${current.id}/raiseAddOn`, {
      version: current.version,
      ...item,
    });
  }
  return current;
}

/**
 * The add-on question SMS to `phone`, as the sweeper sends it: sweeps at the clock's time, a
 * minute later each round, until the outbox has it.
 */
async function questionTo(phone: string): Promise<OutboxEntry> {
  let round = 0;
  return waitFor(
    `the add-on question to ${phone} in the outbox`,
    async () => {
      const sent = runtime.outbox.list().find((m) => m.to.endsWith(phone) && tokenInLink.test(m.text));
      if (sent) return sent;
      await sweep({
        store: runtime.store,
        performers: dutyPerformers(runtime.store),
        now: new Date(testNow() + round++ * minute),
      });
      return undefined;
    },
    60_000,
    100,
  );
}

const tokenOf = (sms: OutboxEntry) => tokenInLink.exec(sms.text)?.[1] ?? '';

const readOrder = (order: Order): Promise<Order> => ok('hk.advisor', 'GET', `${b}/orders/${order.id}`);

/**
 * A page at a phone's width, in Hong Kong Chinese, recording what the browser complains about (a
 * CSP violation included). `bypassCSP` only for axe-core, which is injected as an inline script.
 */
async function phonePage(bypassCSP = false): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: 'zh-HK',
    bypassCSP,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A refused link answers 4xx, which the browser logs as a failed load: that is the test's point.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  return page;
}

const settledPage = 'body[data-state=ready], body[data-state=problem]';

async function open(token: string, settled = settledPage, bypassCSP = false): Promise<Page> {
  const page = await phonePage(bypassCSP);
  await page.goto(`${runtime.url}/c#${token}`);
  await page.waitForSelector(settled);
  return page;
}

/**
 * axe-core's serious and critical violations on the page `shown` shows (none expected): the same
 * link opened again in a context that lets axe-core's script in.
 */
async function seriousViolations(shown: Page): Promise<string[]> {
  const token = new URL(shown.url()).hash.slice(1);
  const page = await open(token, settledPage, true);
  await page.addScriptTag({ path: resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: any[] }> } }).axe;
    const { violations } = await axe.run();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes.map((n: { target: string[] }) => n.target.join(' ')).join(', ')})`,
      );
  });
}

/** The page fits a 360 px phone: nothing wider than the viewport. */
const scrollWidth = (page: Page) =>
  page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);

/** What a public route answers with `token` (fetch, as the page calls it). */
async function publicCall(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { 'x-link-token': token, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer: any = await response.json().catch(() => undefined);
  return { status: response.status, body: answer };
}

describe('the customer page at /c (R-SELF-1)', () => {
  it('is served with the security headers CloudFront adds in AWS', async () => {
    const response = await fetch(`${runtime.url}/c`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    for (const [name, value] of Object.entries(securityHeaders))
      expect(response.headers.get(name)).toBe(value);
    for (const asset of ['/c/app.js', '/c/style.css'])
      expect((await fetch(`${runtime.url}${asset}`)).status).toBe(200);
  });
});

describe('an add-on question answered on the customer page (R-SELF-1, R-ADD-2)', () => {
  let order: Order;
  let token: string;
  let page: Page;

  let phone: string;

  beforeAll(async () => {
    const given = await orderInWorkshop();
    phone = given.phone;
    order = await raise(given.order, [brakeFluid, wipers]);
    expect(order.state).toBe('awaiting_addon');
    token = tokenOf(await questionTo(given.phone));
    order = await readOrder(order);
    page = await open(token);
  }, 120_000);

  it('sends the question by SMS with a link to the page, the token in the fragment', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('asks once for the items raised together, naming both (R-ADD-2)', async () => {
    // Both items' duties are due; later sweeps send no second question.
    for (const round of [2, 3]) {
      await sweep({
        store: runtime.store,
        performers: dutyPerformers(runtime.store),
        now: new Date(testNow() + round * minute),
      });
    }
    const questions = runtime.outbox
      .list()
      .filter((m) => m.to.endsWith(phone) && m.text.includes(brakeFluid.description));
    expect(questions).toHaveLength(1);
    expect(questions[0]?.text).toContain(wipers.description);
  });

  it("shows the repair's status in the branch's language, at a phone's width, without changing the order", async () => {
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant');
    expect(await page.getByTestId('plate').textContent()).toBe(order.plate);
    expect(await page.getByTestId('state').textContent()).toBe('等候您確認追加項目');
    expect(await page.getByTestId('promised-at').getAttribute('datetime')).toBe(order.promisedAt);
    expect(await page.getByTestId('add-on').count()).toBe(2);
    const prices = await page.getByTestId('add-on-price').allTextContents();
    expect(prices).toEqual(order.addOns.map((a) => expect.stringContaining((a.price / 100).toFixed(2))));
    expect(await page.getByTestId('add-on-delay').allTextContents()).toEqual([
      expect.stringContaining('45'),
      expect.stringContaining('10'),
    ]);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    // Opening the link only reads (R-SELF-1): a chat app's preview changes nothing.
    expect((await readOrder(order)).version).toBe(order.version);
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("approves one item and declines the other; the page shows the order's new promise, as the staff API does", async () => {
    const [fluid, wiper] = order.addOns;
    await page.locator(`[data-add-on-id="${fluid?.id}"] [data-testid=approve]`).click();
    await page.getByTestId('add-on').nth(1).waitFor({ state: 'detached' });
    await page.locator(`[data-add-on-id="${wiper?.id}"] [data-testid=decline]`).click();
    await page.getByTestId('add-on').first().waitFor({ state: 'detached' });

    const after = await readOrder(order);
    expect(after.addOns.map((a) => [a.id, a.status])).toEqual([
      [fluid?.id, 'approved'],
      [wiper?.id, 'declined'],
    ]);
    expect(Date.parse(after.promisedAt) - Date.parse(order.promisedAt)).toBe(
      brakeFluid.extraMinutes * minute,
    );
    expect(after.state).toBe('in_workshop');
    expect(await page.getByTestId('promised-at').getAttribute('datetime')).toBe(after.promisedAt);
    expect(await page.getByTestId('state').textContent()).toBe('維修中');
    expect(await page.getByTestId('announce').textContent()).toContain('已拒絕');
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('links that refuse show a clear page and change nothing (R-SELF-1)', () => {
  /** An order with one pending item, its question sent: the token and the order as it stands. */
  async function pendingQuestion(): Promise<{ order: Order; token: string }> {
    const given = await orderInWorkshop();
    await raise(given.order, [wipers]);
    const token = tokenOf(await questionTo(given.phone));
    return { order: await readOrder(given.order), token };
  }

  /** The clear page for `kind`, in the customer's language; then a POST with the token, refused. */
  async function refused(token: string, kind: string, order: Order): Promise<void> {
    const page = await open(token, 'body[data-state=problem]');
    expect(await page.getAttribute('body', 'data-problem')).toBe(kind);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant');
    expect(await page.getByTestId('approve').count()).toBe(0);
    const shown = await publicCall(token, 'GET', '/public/link');
    const phone = shown.body?.branch?.phone;
    if (phone) expect(await page.getByTestId('branch-phone').textContent()).toBe(phone);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);
    const item = order.addOns[0];
    const answer = await publicCall(token, 'POST', `/public/link/add-ons/${item?.id}/answer`, {
      decision: 'approved',
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  }

  /** Neither the page nor the refused POST changed the order. */
  async function unchanged(order: Order): Promise<void> {
    const after = await readOrder(order);
    expect(after.version).toBe(order.version);
    expect(after.addOns.map((a) => a.status)).toEqual(['pending']);
  }

  it('an unknown token: "this link does not work"', async () => {
    const { order } = await pendingQuestion();
    await refused('AAAAAAAAAAAAAAAAAAAAAA', 'link-not-found', order);
    await unchanged(order);
  });

  it("a valid token of another order cannot answer this order's item", async () => {
    const mine = await pendingQuestion();
    const other = await pendingQuestion();
    const answer = await publicCall(
      other.token,
      'POST',
      `/public/link/add-ons/${mine.order.addOns[0]?.id}/answer`,
      {
        decision: 'approved',
      },
    );
    expect(answer.status).toBe(404);
    expect((await readOrder(mine.order)).version).toBe(mine.order.version);
  });

  it('a revoked token: "this link is no longer valid"', async () => {
    const { order, token } = await pendingQuestion();
    const links = await ok('hk.advisor', 'GET', `${b}/links?kind=order&recordId=${order.id}`);
    for (const link of links.items) {
      await ok('hk.advisor', 'POST', `${b}/links/${link.linkId}/revoke`, {});
    }
    const revoked = await readOrder(order);
    await refused(token, 'link-revoked', revoked);
    await unchanged(revoked);
  });

  it('an expired token: "this link has expired" (the clock days past its lifetime)', async () => {
    const { order, token } = await pendingQuestion();
    const later = testNow() + 30 * day;
    setClock({ now: () => new Date(later) });
    try {
      await refused(token, 'link-expired', order);
    } finally {
      restoreTestClock();
    }
    await unchanged(order);
    expect(problems).toEqual([]);
  });
});
