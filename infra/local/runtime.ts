import type { IncomingMessage, Server } from 'node:http';
import { resolve } from 'node:path';
import { ulid } from 'ulid';
import { handleNotification } from '../../functions/replies/inbound';
import { deepSweepLookbackHours } from '../../shared/duty-engine/keys';
import { sweep } from '../../shared/duty-engine/sweeper';
import { publishChanges } from '../../shared/events/actions';
import { PayloadTooLargeError, ValidationError } from '../../shared/kernel/errors';
import { zodIssues } from '../../shared/kernel/zod-issues';
import { dutyPerformers } from '../../shared/performers';
import { createEventLog, type EventLog } from '../../shared/platform/adapters/event-log';
import { createOutboxSmsSender, type OutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { createStore, type Store, setStore } from '../../shared/platform/dynamo/client';
import { logger } from '../../shared/platform/logger';
import { clock } from '../../shared/platform/ports/clock';
import { setEventPublisher } from '../../shared/platform/ports/events';
import { setSmsSender } from '../../shared/platform/ports/sms';
import { localInboundSms } from '../../shared/replies/schemas';
import { aggregate } from '../../shared/reports/actions/aggregate';
import { catchUpReports } from '../../shared/reports/actions/reports';
import { canSignIn } from '../../shared/staff/rules';
import { findStaffByLogin } from '../../shared/staff/store';
import { type LocalKeys, loadOrCreateKeys, loadOrCreateLinkSecret, signToken } from './auth';
import { customerPageRoutes } from './customer-page';
import { dashboardRoutes } from './dashboard';
import { ensureTable, type LocalDynamo, startDynamo } from './dynamo';
import type { GatewayResponse } from './gateway';
import { seedDemoChain } from './seed';
import { startServer } from './server';
import { type StreamPoller, startStreamPoller } from './stream-poller';

/**
 * The local runtime as a library: DynamoDB Local, the table from the CDK table definition, the
 * demo chain, and the API with locally signed tokens. `npm start` (main.ts) prints around it; the
 * e2e tests start it in-process.
 */
export interface RuntimeOptions {
  port: number;
  /** Folder for the file-backed database and the signing key; in memory when left out. */
  dataDir?: string;
  /** Drop the file-backed database first. */
  fresh?: boolean;
  tableName?: string;
  /**
   * Real milliseconds between duty sweeps (R-X-3), the local stand-in for the one-minute
   * schedule; 2 s by default, so `--speed 120` sweeps every 4 demo minutes. 0 runs no sweeper.
   */
  sweepEveryMs?: number;
  /** Real milliseconds between polls of the table's stream (metrics, events); 1 s by default; 0: only on `stream.drain()`. */
  streamEveryMs?: number;
  /**
   * A DynamoDB Local already running (the test suites' one) to hold this runtime's table, instead
   * of starting one; it is left running at `stop`. Give each runtime its own `tableName` on it.
   */
  dynamoEndpoint?: string;
}

export interface Runtime {
  url: string;
  dynamo: LocalDynamo;
  store: Store;
  tableName: string;
  seeded: 'seeded' | 'kept';
  keys: LocalKeys;
  /** Every SMS the chain sent (the local stand-in for SNS). */
  outbox: OutboxSmsSender;
  /** Every domain event published from the stream (the local stand-in for the EventBridge bus). */
  events: EventLog;
  /** The stream poller feeding the metrics aggregator (`drain()` waits until it caught up). */
  stream: StreamPoller;
  /** The duty sweeper's latest runs (R-X-3). */
  sweeps: readonly SweepRun[];
  tokenFor: (login: string) => Promise<string | undefined>;
  stop: () => Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const tableName = options.tableName ?? 'auto-repair-local';
  const dbDir = options.dataDir ? resolve(options.dataDir, 'dynamodb') : undefined;
  // --fresh runs in memory and leaves a database kept in .data/ as it was, for the next plain start.
  const dynamo = options.dynamoEndpoint
    ? runningDynamo(options.dynamoEndpoint)
    : await startDynamo(dbDir && !options.fresh ? { dataDir: dbDir } : {});
  let server: Server | undefined;
  try {
    await ensureTable(dynamo.endpoint, tableName);
    // Handlers read their store from the environment, as in Lambda.
    process.env.TABLE_NAME = tableName;
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    const store = createStore({ endpoint: dynamo.endpoint, tableName });
    setStore(store);
    const seeded = await seedDemoChain(store);
    // R-RPT-1: what the daily catch-up schedule does in AWS: reports missed while the runtime was
    // stopped are produced, and branches from an older .data/ get their report schedule.
    await catchUpReports(store, { now: clock().now() });

    const keys = await loadOrCreateKeys(
      options.dataDir ? resolve(options.dataDir, 'local-idp-key.json') : undefined,
    );
    // R-SELF-1: the link secret (env LINK_SECRET wins) and the page's address in the SMS links.
    process.env.LINK_SECRET ||= loadOrCreateLinkSecret(
      options.dataDir ? resolve(options.dataDir, 'link-secret') : undefined,
    );
    process.env.PUBLIC_BASE_URL ||= `http://localhost:${options.port}`;
    const findSubject = async (login: string) => {
      const person = await findStaffByLogin(store, login);
      if (!person || !canSignIn(person)) return undefined;
      return {
        staffId: person.id,
        login: person.login,
        name: person.name,
        roles: person.roles,
        branches: person.branches,
      };
    };
    // SMS go to the local outbox: printed as they are sent and served at GET /local/outbox.
    const outbox = createOutboxSmsSender();
    setSmsSender(outbox);
    const inbound: InboundEntry[] = [];
    // Domain events go to an in-memory log, served at GET /local/events.
    const events = createEventLog();
    setEventPublisher(events);
    server = await startServer(
      {
        keys,
        findSubject,
        extraRoutes: {
          // `items`: the SMS sent; `inbound`: the replies received; `threads`: both per phone, oldest first.
          'GET /local/outbox': async () => ({
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(
              { items: outbox.list(), inbound: [...inbound].reverse(), threads: threads(outbox, inbound) },
              null,
              2,
            ),
          }),
          'POST /local/inbound-sms': (request) => playInboundSms(store, request, inbound),
          // The domain events the chain published (the local stand-in for the EventBridge bus).
          'GET /local/events': async () => ({
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ items: events.list() }, null, 2),
          }),
          // The HQ dashboard page and its assets (R-RPT-3), served as CloudFront serves them in AWS.
          ...dashboardRoutes(),
          ...customerPageRoutes(), // the customer page at /c (R-SELF-1), as CloudFront serves it
        },
      },
      options.port,
    );
    const running = server;
    const sweeper = startSweeper(store, options.sweepEveryMs ?? 2_000);
    const stream = startStreamPoller({
      endpoint: dynamo.endpoint,
      tableName,
      everyMs: options.streamEveryMs ?? 1_000,
      handlers: [
        { name: 'metrics', handle: (records) => aggregate(store, records) },
        { name: 'events', handle: (records) => publishChanges(records, events) },
      ],
    });
    return {
      url: `http://localhost:${options.port}`,
      dynamo,
      store,
      tableName,
      seeded,
      keys,
      outbox,
      events,
      stream,
      sweeps: sweeper.runs,
      tokenFor: async (login) => {
        const subject = await findSubject(login);
        return subject ? signToken(keys, subject) : undefined;
      },
      stop: async () => {
        await sweeper.stop();
        await stream.stop();
        await new Promise<void>((done) => running.close(() => done()));
        await dynamo.stop();
      },
    };
  } catch (error) {
    server?.close();
    await dynamo.stop();
    throw error;
  }
}

/** A DynamoDB Local someone else started and stops. */
function runningDynamo(endpoint: string): LocalDynamo {
  return { endpoint, port: Number(new URL(endpoint).port), stop: async () => undefined };
}

/** One run of the local sweeper, in clock-port milliseconds: the time it swept at, and when it ended. */
export interface SweepRun {
  loop: 'minute' | 'deep';
  startedAt: number;
  endedAt: number;
}

export interface LocalSweeper {
  /** The latest runs, oldest first: when each swept, so a test can judge a duty's lateness by the sweeps themselves. */
  runs: readonly SweepRun[];
  stop: () => Promise<void>;
}

/**
 * The local duty sweeper: `sweep` on a real-time interval, reading time through the clock port
 * (so a faster demo clock makes duties fire sooner). One run at a time: a slow run delays the
 * next instead of overlapping it. The timer does not keep the process alive. Like AWS's hourly
 * deep sweep, a second loop reaches 48 hours back at the start and once each clock hour, beside
 * the minute sweep (claims are conditional, so the two never fire a duty twice): duties that fell
 * due while the runtime was stopped (a kept `.data/`), or that a very fast clock skipped, still fire.
 */
export function startSweeper(store: Store, everyMs: number): LocalSweeper {
  const runs: SweepRun[] = [];
  if (everyMs <= 0) return { runs, stop: async () => undefined };
  const performers = dutyPerformers(store);
  // Each run sweeps at the clock's time when it starts and is logged with its end (the last 1,000).
  const logged = (loop: SweepRun['loop'], run: (now: Date) => Promise<unknown>) => async () => {
    const now = clock().now();
    const result = await run(now);
    if (result === undefined) return;
    runs.push({ loop, startedAt: now.getTime(), endedAt: clock().now().getTime() });
    if (runs.length > 1_000) runs.shift();
  };
  const loop = (run: () => Promise<unknown>) => {
    let running: Promise<void> = Promise.resolve();
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const schedule = () => {
      if (stopped) return;
      timer = setTimeout(() => {
        running = run()
          .then(() => undefined)
          .catch((error: unknown) => logger.warn('local duty sweep failed', { error: String(error) }))
          .finally(schedule);
      }, everyMs);
      timer.unref();
    };
    schedule();
    return async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    };
  };
  let deepHour = Number.NaN;
  const stops = [
    loop(logged('minute', (now) => sweep({ store, performers, now }))),
    loop(
      logged('deep', async (now) => {
        const hour = Math.floor(now.getTime() / 3_600_000);
        if (hour === deepHour) return undefined;
        deepHour = hour;
        return sweep({ store, performers, now, lookbackHours: deepSweepLookbackHours });
      }),
    ),
  ];
  return {
    runs,
    stop: async () => {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}

/** A customer's reply played through the local inbound endpoint (R-SELF-3). */
interface InboundEntry {
  from: string;
  to: string;
  text: string;
  inboundMessageId: string;
  receivedAt: string;
  outcome: string;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new PayloadTooLargeError('The body exceeds 64 KiB');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/**
 * `POST /local/inbound-sms` {from, body, id?}: plays the inbound SNS topic (R-SELF-3). The reply
 * goes as the SNS notification End User Messaging SMS publishes, through the same code as the
 * Lambda (functions/replies/inbound.ts); a repeated `id` is a redelivery.
 */
async function playInboundSms(
  store: Store,
  request: IncomingMessage,
  inbound: InboundEntry[],
): Promise<GatewayResponse> {
  const parsed = localInboundSms.safeParse(await readJson(request));
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, 'body'));
  const { from, body, id = ulid(), to = '+15550100100' } = parsed.data;
  const notification = {
    originationNumber: from,
    destinationNumber: to,
    messageKeyword: 'KEYWORD_LOCAL',
    messageBody: body,
    inboundMessageId: id,
  };
  const result = await handleNotification(store, {
    Message: JSON.stringify(notification),
    MessageId: ulid(),
    TopicArn: process.env.INBOUND_TOPIC_ARN ?? 'local',
  });
  if (result.outcome === 'refused') throw new ValidationError([{ path: 'body', message: result.reason }]);
  if (result.outcome !== 'duplicate')
    inbound.push({
      from,
      to,
      text: body,
      inboundMessageId: id,
      receivedAt: clock().now().toISOString(),
      outcome: result.outcome,
    });
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(result, null, 2),
  };
}

/** Each phone's messages both ways, oldest first: the thread a customer sees. */
function threads(outbox: OutboxSmsSender, inbound: readonly InboundEntry[]) {
  const byPhone: Record<string, { direction: 'outbound' | 'inbound'; at: string; text: string }[]> = {};
  const add = (phone: string, entry: { direction: 'outbound' | 'inbound'; at: string; text: string }) => {
    byPhone[phone] = [...(byPhone[phone] ?? []), entry];
  };
  for (const sent of outbox.list()) add(sent.to, { direction: 'outbound', at: sent.sentAt, text: sent.text });
  for (const got of inbound) add(got.from, { direction: 'inbound', at: got.receivedAt, text: got.text });
  for (const list of Object.values(byPhone)) list.sort((a, b) => a.at.localeCompare(b.at));
  return byPhone;
}
