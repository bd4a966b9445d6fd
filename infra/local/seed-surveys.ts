import { ulid } from 'ulid';
import { createCustomer } from '../../shared/archive/actions/customers';
import type { Actor } from '../../shared/kernel/access';
import { addDays, localDate, localWallTime } from '../../shared/kernel/local-time';
import type { Store } from '../../shared/platform/dynamo/client';
import { transact } from '../../shared/platform/dynamo/records';
import { surveyAnswerSteps } from '../../shared/self-service/actions/survey';
import type { SurveyScores } from '../../shared/self-service/rules/survey';
import type { Survey } from '../../shared/self-service/schemas/survey';
import { invitedStep, newSurveyStep } from '../../shared/self-service/store/survey';

const minute = 60_000;

/**
 * Demo satisfaction surveys in Shenzhen (R-SELF-2, R-RPT-3), so the HQ dashboard's survey tiles
 * have figures from the first minute: three visits of the last two days whose invitations went
 * (yesterday and this morning), two of them answered through their link, one not (a response rate
 * of 2 in 3). Their answers are above the branch's complaint threshold: a low score's complaint
 * case is shown by the tests, not the demo. These visits were before the demo's records began, so
 * the surveys stand without their orders; `at` replays each step at its time, as the demo orders do
 * (infra/local/seed.ts).
 */
export async function seedSurveyDemo(
  store: Store,
  input: {
    now: number;
    advisor: Actor;
    timeZone: string;
    at: <T>(time: number, step: () => Promise<T>) => Promise<T>;
  },
): Promise<void> {
  const { now, advisor, timeZone, at } = input;
  const b = 'SZ';
  const today = localDate(new Date(now), timeZone);
  const local = (days: number, hhmm: string) =>
    Math.min(Date.parse(localWallTime(addDays(today, days), hhmm, timeZone)), now - minute);
  const scores = (overall: [number, number], onTime: [number, number]): SurveyScores => ({
    onTime: { expected: onTime[0], perceived: onTime[1] },
    priceAsQuoted: { expected: 4, perceived: 4 },
    quality: { expected: 4, perceived: 5 },
    courtesy: { expected: 4, perceived: 5 },
    overall: { expected: overall[0], perceived: overall[1] },
  });
  const visits = [
    {
      name: '孙先生',
      phone: '13700137041',
      plate: '粤B2S611',
      exit: local(-2, '16:00'),
      invited: local(-1, '10:00'),
      answer: { at: local(-1, '12:30'), scores: scores([4, 5], [4, 4]), comment: '洗车很干净，谢谢' },
    },
    {
      name: '周女士',
      phone: '13700137042',
      plate: '粤B8T205',
      exit: local(-1, '11:00'),
      invited: local(0, '10:00'),
      answer: { at: local(0, '10:20'), scores: scores([4, 4], [5, 3]), comment: undefined },
    },
    {
      name: '吴先生',
      phone: '13700137043',
      plate: '粤B5W938',
      exit: local(-2, '17:30'),
      invited: local(-1, '10:00'),
      answer: undefined,
    },
  ];
  for (const visit of visits) {
    const customer = await at(visit.exit, () =>
      createCustomer(
        store,
        b,
        { name: visit.name, phones: [{ number: visit.phone, label: 'mobile' }] },
        advisor,
      ),
    );
    const exitAt = new Date(visit.exit).toISOString();
    const inviteAt = new Date(visit.invited).toISOString();
    const survey: Survey = {
      orderId: ulid(visit.exit),
      branchId: b,
      customerId: customer.id,
      customerName: customer.name,
      plate: visit.plate,
      exitAt,
      inviteAt,
      dutyId: ulid(visit.invited),
      state: 'scheduled',
      version: 1,
      createdAt: exitAt,
      updatedAt: exitAt,
    };
    await at(visit.exit, () => transact(store, [newSurveyStep(store, survey)]));
    await at(visit.invited, () =>
      transact(store, [invitedStep(store, survey, { invitedAt: inviteAt, letterId: survey.dutyId })]),
    );
    const { answer } = visit;
    if (!answer) continue;
    const invited: Survey = { ...survey, state: 'invited', invitedAt: inviteAt, version: 2 };
    await at(answer.at, async () => {
      const { steps } = await surveyAnswerSteps(store, {
        survey: invited,
        body: {
          scores: answer.scores,
          isComplaint: false,
          ...(answer.comment ? { comment: answer.comment } : {}),
        },
        now: new Date(answer.at),
      });
      await transact(store, steps);
    });
  }
}
