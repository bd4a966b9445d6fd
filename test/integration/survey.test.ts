import { beforeEach, describe, expect, it } from 'vitest';
import { getComplaintCase } from '../../shared/complaints/actions';
import { dutiesOfRecord, getDuty } from '../../shared/duty-engine/store';
import { sweep } from '../../shared/duty-engine/sweeper';
import { addDays, localDate, localWallTime } from '../../shared/kernel/local-time';
import { dutyLetter, phoneOptOut, phoneOptOutStep } from '../../shared/letters/store';
import { dutyPerformers } from '../../shared/performers';
import { createOutboxSmsSender, type OutboxSmsSender } from '../../shared/platform/adapters/outbox-sms';
import { store } from '../../shared/platform/dynamo/client';
import { getRecord, transact } from '../../shared/platform/dynamo/records';
import { clock } from '../../shared/platform/ports/clock';
import { linkSigner } from '../../shared/platform/ports/link-signer';
import { type E164, setSmsSender } from '../../shared/platform/ports/sms';
import { applyChange } from '../../shared/reports/actions/aggregate';
import { figuresOfBranch } from '../../shared/reports/actions/figures';
import { resolveLink } from '../../shared/self-service/actions/links';
import { answerSurvey, surveyView } from '../../shared/self-service/actions/survey';
import type { SurveyScores } from '../../shared/self-service/rules/survey';
import { findSurvey, surveyKey } from '../../shared/self-service/store/survey';
import { call, givenBranch, hire } from '../support/api';
import { clockAt, day, hour, iso, minute, openEveryDay, useFarFutureClock } from '../support/far-clock';
import { exitBody, givenCustomerWithVehicle, givenOrder } from '../support/orders';
import { measure } from '../support/request-count';

useFarFutureClock();

/**
 * The satisfaction survey against DynamoDB Local (R-SELF-2, R-CMP-4, R-RPT-3): the exit schedules
 * one invitation for the next day at the policy's hour; the sweeper sends it with its survey link
 * out of quiet hours, once, never to a phone that opted out; the answer through the link is stored
 * with its gaps, and a low overall score or a comment marked as a complaint opens a complaint case
 * for the supervisor in the same transaction; a replay is refused and changes nothing; the figures
 * count sent, answered and the gaps. The far-future clock starts at 10:10 in Shenzhen.
 */
const tz = 'Asia/Shanghai';
const sourceIp = '203.0.113.7';

let outbox: OutboxSmsSender;
beforeEach(() => {
  outbox = createOutboxSmsSender({ print: () => undefined });
  setSmsSender(outbox);
});

const scores = (overall: [number, number], rest: [number, number] = [4, 4]): SurveyScores => ({
  onTime: { expected: rest[0], perceived: rest[1] },
  priceAsQuoted: { expected: rest[0], perceived: rest[1] },
  quality: { expected: rest[0], perceived: rest[1] },
  courtesy: { expected: rest[0], perceived: rest[1] },
  overall: { expected: overall[0], perceived: overall[1] },
});

async function setting(branch: Parameters<typeof givenBranch>[0] = {}) {
  const branchId = await givenBranch({ ...openEveryDay, ...branch });
  const advisor = await hire(branchId, ['advisor'], '李接待');
  const supervisor = await hire(branchId, ['supervisor'], '主管 王');
  const owner = await givenCustomerWithVehicle(branchId, advisor);
  const order = await givenOrder(branchId, owner, 'settled');
  const exit = () =>
    call(advisor, 'POST', `/branches/${branchId}/orders/${order.id}/exit`, {
      body: { version: order.version, ...exitBody },
    });
  const customer = await call(advisor, 'GET', `/branches/${branchId}/customers/${owner.customerId}`);
  const phone = customer.body.phones[0].number as E164;
  const today = () => localDate(iso(clockAt.now), tz);
  const localAt = (days: number, hhmm: string) => Date.parse(localWallTime(addDays(today(), days), hhmm, tz));
  const sweepAt = async (at: number) => {
    clockAt.now = at;
    await sweep({ store: store(), performers: dutyPerformers(store()) });
  };
  const survey = () => findSurvey(store(), branchId, order.id);
  return { branchId, advisor, supervisor, owner, order, exit, phone, localAt, sweepAt, survey };
}

type Setting = Awaited<ReturnType<typeof setting>>;

/** Exits the car and sweeps at its invitation time: the SMS went, with its link. */
async function invited(s: Setting, exited = false) {
  if (!exited) expect((await s.exit()).status).toBe(200);
  const scheduled = await s.survey();
  if (!scheduled) throw new Error('no survey scheduled');
  await s.sweepAt(Date.parse(scheduled.inviteAt));
  const token = await linkSigner().token(scheduled.dutyId);
  const link = () =>
    resolveLink(store(), {
      token,
      sourceIp,
      purposes: ['survey'],
      now: clock().now(),
      action: 'answer-survey',
    });
  return { scheduled, token, link };
}

describe('the invitation (R-SELF-2)', () => {
  it('R-SELF-2: the exit schedules one survey-invite duty for the next day at 10:00 local, and the survey', async () => {
    const s = await setting();
    const exited = await s.exit();
    expect(exited.status).toBe(200);
    const survey = await s.survey();
    const tomorrow10 = iso(s.localAt(1, '10:00'));
    expect(survey).toMatchObject({
      state: 'scheduled',
      orderId: s.order.id,
      customerId: s.owner.customerId,
      plate: s.owner.plate,
      inviteAt: tomorrow10,
      exitAt: exited.body.exit.at,
    });
    const duty = await getDuty(store(), s.branchId, survey?.dutyId ?? '');
    expect(duty).toMatchObject({ kind: 'survey-invite', status: 'pending', fireAt: tomorrow10 });
    const listed = await dutiesOfRecord(
      store(),
      s.branchId,
      { kind: 'order', id: s.order.id },
      { limit: 50 },
    );
    expect(listed.items.filter((d) => d.kind === 'survey-invite')).toHaveLength(1);
  });

  it('R-SELF-2: sends the invitation with its survey link at its time, once; the survey is invited', async () => {
    const s = await setting();
    await s.exit();
    const survey = await s.survey();
    const at = Date.parse(survey?.inviteAt ?? '');
    await s.sweepAt(at - minute);
    expect(outbox.list()).toHaveLength(0);
    await s.sweepAt(at);
    await s.sweepAt(at + hour);
    const sent = outbox.list();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe(s.phone);
    expect(sent[0]?.text).toContain(s.owner.plate);
    const token = await linkSigner().token(survey?.dutyId ?? '');
    expect(sent[0]?.text).toContain(`#${token}`);
    expect(await s.survey()).toMatchObject({
      state: 'invited',
      invitedAt: iso(at),
      letterId: survey?.dutyId,
    });
    // The register keeps the letter with its token masked (R-SELF-1).
    const letter = await dutyLetter(store(), { branchId: s.branchId, id: survey?.dutyId ?? '' });
    expect(letter?.templateId).toBe('survey-invitation');
    expect(letter?.text).not.toContain(token);
  });

  it('R-SELF-2, R-X-1: an invitation hour inside quiet hours waits for their end (08:00)', async () => {
    const s = await setting({ policy: { survey: { inviteAtMinuteOfDay: 22 * 60 } } });
    await s.exit();
    const survey = await s.survey();
    // Times of the days to come, read before the clock moves.
    const [evening, beforeEnd, end] = [s.localAt(1, '22:00'), s.localAt(2, '07:59'), s.localAt(2, '08:00')];
    expect(survey?.inviteAt).toBe(iso(evening));
    await s.sweepAt(evening);
    expect(outbox.list()).toHaveLength(0);
    await s.sweepAt(beforeEnd);
    expect(outbox.list()).toHaveLength(0);
    await s.sweepAt(end);
    expect(outbox.list()).toHaveLength(1);
    expect((await s.survey())?.state).toBe('invited');
  });

  it('R-SELF-2: one survey per order: a second exit is refused and schedules nothing', async () => {
    const s = await setting();
    await s.exit();
    const again = await s.exit();
    expect(again.status).toBe(409);
    const listed = await dutiesOfRecord(
      store(),
      s.branchId,
      { kind: 'order', id: s.order.id },
      { limit: 50 },
    );
    expect(listed.items.filter((d) => d.kind === 'survey-invite')).toHaveLength(1);
  });

  it('R-SELF-2, R-SELF-3: a phone that opted out by reply gets no invitation and no link', async () => {
    const s = await setting();
    await s.exit();
    const current = await phoneOptOut(store(), s.phone);
    await transact(store(), [
      phoneOptOutStep(store(), current, {
        phone: s.phone,
        optedOut: true,
        history: [{ change: 'out', at: iso(clockAt.now), how: 'reply TD', by: 'customer' }],
        version: (current?.version ?? 0) + 1,
      }),
    ]);
    const survey = await s.survey();
    await s.sweepAt(Date.parse(survey?.inviteAt ?? ''));
    expect(outbox.list()).toHaveLength(0);
    expect((await s.survey())?.state).toBe('scheduled');
    const token = await linkSigner().token(survey?.dutyId ?? '');
    await expect(
      resolveLink(store(), { token, sourceIp, purposes: ['survey'], now: clock().now() }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('the answer through the link (R-SELF-2, R-CMP-4)', () => {
  it('R-SELF-2: the link shows the questions and the car; the answer is stored with its gaps and spends the link, in one transaction', async () => {
    const s = await setting();
    const { link } = await invited(s);
    const resolved = await link();
    expect(await surveyView(store(), resolved)).toEqual({
      aspects: ['onTime', 'priceAsQuoted', 'quality', 'courtesy', 'overall'],
      scale: { min: 1, max: 5 },
      plate: s.owner.plate,
      exitAt: (await s.survey())?.exitAt,
    });
    clockAt.now += hour;
    const body = { scores: scores([4, 5], [3, 4]), comment: '师傅很耐心' };
    const answered = await measure(() => answerSurvey(store(), { link: resolved, body, now: clock().now() }));
    expect(answered.requests.filter((r) => r === 'TransactWriteItems')).toHaveLength(1);
    expect(answered.result).toMatchObject({ answeredAt: iso(clockAt.now), contactPromised: false });
    const survey = await s.survey();
    expect(survey).toMatchObject({
      state: 'answered',
      answer: {
        scores: body.scores,
        gaps: { onTime: 1, priceAsQuoted: 1, quality: 1, courtesy: 1, overall: 1 },
        comment: '师傅很耐心',
        isComplaint: false,
        answeredAt: iso(clockAt.now),
        linkId: survey?.dutyId,
      },
    });
    expect(survey?.answer?.complaintId).toBeUndefined();
    await expect(link()).rejects.toMatchObject({ status: 410 });
  });

  it.each<[string, SurveyScores, boolean, string, string]>([
    ['an overall gap of −2, below the threshold −1', scores([4, 2]), false, 'service', '期望'],
    ['a comment marked as a complaint, although pleased', scores([3, 5]), true, 'service', '结账排队太久'],
    [
      'a low score where waiting fell furthest short',
      { ...scores([5, 1]), onTime: { expected: 5, perceived: 1 } },
      false,
      'waiting',
      'onTime expected 5, perceived 1',
    ],
  ])(
    'R-CMP-4: %s opens a complaint case for the supervisor in the same transaction',
    async (_label, given, isComplaint, category, words) => {
      const s = await setting();
      const { link } = await invited(s);
      const resolved = await link();
      const body = { scores: given, isComplaint, comment: isComplaint ? '结账排队太久' : '期望更好' };
      const answered = await measure(() =>
        answerSurvey(store(), { link: resolved, body, now: clock().now() }),
      );
      expect(answered.requests.filter((r) => r === 'TransactWriteItems')).toHaveLength(1);
      expect(answered.result.contactPromised).toBe(true);
      const survey = await s.survey();
      const complaint = await getComplaintCase(store(), s.branchId, survey?.answer?.complaintId ?? '');
      expect(complaint).toMatchObject({
        channel: 'survey',
        state: 'open',
        customerId: s.owner.customerId,
        orderId: s.order.id,
        category,
        owner: { staffId: s.supervisor.staffId },
        takenBy: { staffId: 'customer-link' },
      });
      expect(complaint.words).toContain(words);
      // The supervisor's response duty, with the policy's 48 h (R-CMP-2).
      const duty = await getDuty(store(), s.branchId, complaint.promise?.dutyId ?? '');
      expect(duty).toMatchObject({ kind: 'complaint-response', assignee: s.supervisor.staffId });
    },
  );

  it('R-CMP-4: exactly at the threshold (overall −1) opens no complaint', async () => {
    const s = await setting();
    const { link } = await invited(s);
    const view = await answerSurvey(store(), {
      link: await link(),
      body: { scores: scores([4, 3]) },
      now: clock().now(),
    });
    expect(view.contactPromised).toBe(false);
    expect((await s.survey())?.answer).toMatchObject({ gaps: { overall: -1 } });
    expect((await s.survey())?.answer?.complaintId).toBeUndefined();
  });

  it('R-SELF-2, R-SELF-1: a replay of the spent link is refused and changes nothing', async () => {
    const s = await setting();
    const { link } = await invited(s);
    const resolved = await link();
    await answerSurvey(store(), { link: resolved, body: { scores: scores([4, 1]) }, now: clock().now() });
    const before = await getRecord(store(), surveyKey(s.branchId, s.order.id));
    clockAt.now += minute;
    // The same resolved link sent again (a double tap racing the first): the transaction refuses it.
    await expect(
      answerSurvey(store(), { link: resolved, body: { scores: scores([5, 5]) }, now: clock().now() }),
    ).rejects.toMatchObject({ status: 410 });
    // A new call with the token: refused before anything is read.
    await expect(link()).rejects.toMatchObject({ status: 410 });
    expect(await getRecord(store(), surveyKey(s.branchId, s.order.id))).toEqual(before);
  });

  it.each<[string, unknown, string]>([
    [
      'a score of 6',
      { scores: { ...scores([4, 4]), quality: { expected: 4, perceived: 6 } } },
      'body.scores.quality.perceived',
    ],
    ['a complaint without words', { scores: scores([4, 4]), isComplaint: true }, 'body.comment'],
  ])(
    'R-SELF-2: refuses %s (400 naming the field) and leaves the link unspent',
    async (_label, body, path) => {
      const s = await setting();
      const { link } = await invited(s);
      const refused = await answerSurvey(store(), { link: await link(), body, now: clock().now() }).then(
        () => undefined,
        (error: unknown) => error as { status?: number; extensions?: unknown },
      );
      expect(refused?.status).toBe(400);
      expect(JSON.stringify(refused?.extensions)).toContain(path);
      expect((await s.survey())?.state).toBe('invited');
      await expect(link()).resolves.toMatchObject({ purpose: 'survey' });
    },
  );
});

describe('POST /public/link/survey (R-SELF-2, R-SELF-1)', () => {
  const answer = (token: string | undefined, body: unknown) =>
    call(undefined, 'POST', '/public/link/survey', {
      body,
      headers: token === undefined ? {} : { 'x-link-token': token },
    });

  it('R-SELF-2: answers with the link alone (no JWT), once: a replay is 410 and changes nothing', async () => {
    const s = await setting();
    const { token } = await invited(s);
    const first = await answer(token, { scores: scores([4, 5]), comment: '很满意' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ plate: s.owner.plate, contactPromised: false });
    const stored = await getRecord(store(), surveyKey(s.branchId, s.order.id));
    expect(stored).toMatchObject({ state: 'answered', answer: { gaps: { overall: 1 } } });
    const replay = await answer(token, { scores: scores([5, 1]), isComplaint: true, comment: '再来一次' });
    expect(replay.status).toBe(410);
    expect(replay.body.type).toContain('link-spent');
    expect(JSON.stringify(replay.body)).not.toContain(token);
    expect(await getRecord(store(), surveyKey(s.branchId, s.order.id))).toEqual(stored);
  });

  it.each<[string, string | undefined]>([
    ['no token', undefined],
    ['a malformed token', 'not-a-token'],
    ['an unknown token', 'AAAAAAAAAAAAAAAAAAAAAA'],
  ])('R-SELF-1: %s is 404 and writes no survey', async (_label, token) => {
    const refused = await answer(token, { scores: scores([4, 4]) });
    expect(refused.status).toBe(404);
  });
});

describe('survey KPIs (R-RPT-3)', () => {
  it('R-RPT-3: sent, answered, response rate and the mean gaps, per branch', async () => {
    const s = await setting();
    let seq = 0;
    const feed = async (before: Record<string, unknown> | undefined) => {
      const after = await getRecord(store(), surveyKey(s.branchId, s.order.id));
      await applyChange(store(), { id: `${s.branchId}-survey-${++seq}`, before, after });
      return after;
    };
    await s.exit();
    let image = await feed(undefined);
    const { link } = await invited(s, true);
    image = await feed(image);
    await answerSurvey(store(), {
      link: await link(),
      body: { scores: { ...scores([4, 3]), onTime: { expected: 5, perceived: 2 } } },
      now: clock().now(),
    });
    await feed(image);
    const day0 = localDate(iso(clockAt.now - 2 * day), tz);
    const day1 = localDate(iso(clockAt.now + day), tz);
    const figures = await figuresOfBranch(store(), s.branchId, day0, day1);
    expect(figures.totals).toMatchObject({
      surveysSent: 1,
      surveysAnswered: 1,
      'surveyGap.onTime': -3,
      'surveyGap.overall': -1,
    });
    expect(figures.kpis).toMatchObject({
      surveysSent: 1,
      surveysAnswered: 1,
      surveyResponsePercent: 100,
      satisfactionGap: -1,
      satisfactionGapByAspect: { onTime: -3, priceAsQuoted: 0, quality: 0, courtesy: 0, overall: -1 },
    });
  });
});
