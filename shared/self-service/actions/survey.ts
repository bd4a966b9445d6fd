import { ulid } from 'ulid';
import type { Customer } from '../../archive/schemas/customer';
import { policyOf } from '../../branches/rules';
import type { Branch } from '../../branches/schemas';
import { branchSettings } from '../../branches/store';
import { openComplaintSteps } from '../../complaints/actions';
import { scheduleDutyStep } from '../../duty-engine/store';
import type { Actor } from '../../kernel/access';
import { NotFoundError, ValidationError } from '../../kernel/errors';
import { defaultPolicy } from '../../kernel/policy';
import { zodIssues } from '../../kernel/zod-issues';
import type { Store } from '../../platform/dynamo/client';
import { type Step, transact } from '../../platform/dynamo/records';
import { type E164, isE164 } from '../../platform/ports/sms';
import { supervisorFor } from '../../staff/rules';
import { branchMembers } from '../../staff/store';
import {
  complaintCategoryOf,
  complaintReason,
  complaintWords,
  satisfactionGaps,
  surveyAspects,
  surveyInviteAt,
  surveyWanted,
} from '../rules/survey';
import type { Link } from '../schemas/links';
import { type Survey, type SurveyAnswer, type SurveyView, surveyAnswerBody } from '../schemas/survey';
import { answeredStep, getSurvey, newSurveyStep } from '../store/survey';
import { type ResolvedLink, spendLinkStep } from './links';

/**
 * The satisfaction survey (R-SELF-2, R-CMP-4): invited the day after the exit by an SMS with a
 * survey link (the `survey-invite` duty, shared/self-service/duties/survey.ts), shown and answered
 * through that link, the answer stored with its gaps; a low overall score or a comment the customer
 * marks as a complaint opens a complaint case for the supervisor in the answer's own transaction.
 */

/** The number the invitation goes to: a mobile number in E.164 first, else any E.164 number. */
export function surveyPhone(customer: Pick<Customer, 'phones'>): E164 | undefined {
  const numbers = [...customer.phones].sort(
    (a, b) => Number(b.label === 'mobile') - Number(a.label === 'mobile'),
  );
  return numbers.map((p) => p.number).find(isE164);
}

/**
 * R-SELF-2: the survey and its `survey-invite` duty, as steps of the exit's transaction: a repaired
 * car whose customer has a phone gets one survey, due the next day at the policy's hour (the SMS
 * waits out quiet hours). Nothing otherwise. Whether the phone opted out by reply (R-SELF-3) is
 * asked when the SMS is due (the duty's plan): it may change until then, and the exit spends no
 * read on it.
 */
export function surveyInviteSteps(
  store: Store,
  input: {
    order: { id: string; branchId: string; plate: string; decline?: unknown; advisor?: { staffId: string } };
    customer: Pick<Customer, 'id' | 'name' | 'phones'>;
    branch: Pick<Branch, 'timeZone' | 'policy'>;
    at: string;
  },
): Step[] {
  const { order, customer, branch, at } = input;
  if (!surveyWanted(order) || !surveyPhone(customer)) return [];
  const inviteAt = surveyInviteAt(at, branch.timeZone, policyOf(branch));
  const record = { kind: 'order', id: order.id };
  const duty = scheduleDutyStep(store, {
    kind: 'survey-invite',
    subject: record,
    record,
    branchId: order.branchId,
    openAt: inviteAt,
    dueAt: inviteAt,
    fireAt: inviteAt,
    payload: { customerId: customer.id },
  });
  const survey: Survey = {
    orderId: order.id,
    branchId: order.branchId,
    customerId: customer.id,
    customerName: customer.name,
    plate: order.plate,
    ...(order.advisor ? { advisorId: order.advisor.staffId } : {}),
    exitAt: at,
    inviteAt,
    dutyId: duty.duty.id,
    state: 'scheduled',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  return [newSurveyStep(store, survey), duty.step];
}

function viewOf(survey: Survey): SurveyView {
  const { scaleMin, scaleMax } = defaultPolicy.survey;
  return {
    aspects: [...surveyAspects],
    scale: { min: scaleMin, max: scaleMax },
    plate: survey.plate,
    exitAt: survey.exitAt,
    ...(survey.answer
      ? { answeredAt: survey.answer.answeredAt, contactPromised: survey.answer.complaintId !== undefined }
      : {}),
  };
}

async function surveyOfLink(store: Store, link: Pick<Link, 'branchId' | 'record'>): Promise<Survey> {
  if (link.record.kind !== 'order') throw new NotFoundError('This link opens no survey');
  return getSurvey(store, link.branchId, link.record.id);
}

/** R-SELF-2: what a survey link shows: the questions and scale, the car, whether it was answered. */
export async function surveyView(store: Store, link: Link): Promise<SurveyView> {
  return viewOf(await surveyOfLink(store, link));
}

/** Who the records name for a customer's answer through a link: nobody of the staff. */
const surveyLinkActor: Pick<Actor, 'staffId' | 'name'> = {
  staffId: 'customer-link',
  name: 'Customer (survey link)',
};

/**
 * The answer as steps (R-SELF-2, R-CMP-4): the survey answered with its gaps and, when the rules
 * say so, a complaint case (channel `survey`) owned by the branch's supervisor (else the order's
 * advisor), its response duty and the customer's timeline entry. The caller adds the link's spend.
 */
export async function surveyAnswerSteps(
  store: Store,
  input: { survey: Survey; body: SurveyAnswer; now: Date; linkId?: string },
): Promise<{ survey: Survey; steps: Step[] }> {
  const { survey, body, now } = input;
  const at = now.toISOString();
  const [branch, members] = await Promise.all([
    branchSettings(store, survey.branchId),
    branchMembers(store, survey.branchId),
  ]);
  const policy = policyOf(branch);
  const gaps = satisfactionGaps(body.scores);
  const reason = complaintReason({ gaps, isComplaint: body.isComplaint }, policy);
  const steps: Step[] = [];
  let complaintId: string | undefined;
  if (reason) {
    const owner = supervisorFor(members, undefined)?.id ?? survey.advisorId;
    const opened = openComplaintSteps(store, {
      branchId: survey.branchId,
      body: {
        channel: 'survey',
        customerId: survey.customerId,
        orderId: survey.orderId,
        words: complaintWords({
          gaps,
          scores: body.scores,
          ...(body.comment ? { comment: body.comment } : {}),
        }),
        category: complaintCategoryOf(gaps),
        ...(owner ? { ownerId: owner } : {}),
      },
      customer: { id: survey.customerId, name: survey.customerName },
      actor: surveyLinkActor,
      now,
      policy,
      id: ulid(now.getTime()),
    });
    complaintId = opened.complaint.id;
    steps.push(...opened.steps);
  }
  const answered: Survey = {
    ...survey,
    state: 'answered',
    answer: {
      scores: body.scores,
      gaps,
      ...(body.comment ? { comment: body.comment } : {}),
      isComplaint: body.isComplaint,
      ...(complaintId ? { complaintId } : {}),
      ...(input.linkId ? { linkId: input.linkId } : {}),
      answeredAt: at,
    },
    version: survey.version + 1,
    updatedAt: at,
  };
  return { survey: answered, steps: [answeredStep(store, survey, answered), ...steps] };
}

/**
 * R-SELF-2, R-CMP-4: the customer answers through the survey link (POST /public/link/survey). One
 * TransactWriteItems: the link spent (first, so a replay is refused as `link-spent` and changes
 * nothing), the survey answered with its gaps, and a complaint case when the rules open one.
 * Returns the survey view, now answered.
 */
export async function answerSurvey(
  store: Store,
  input: { link: ResolvedLink; body: unknown; now: Date },
): Promise<SurveyView> {
  const parsed = surveyAnswerBody.safeParse(input.body);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, 'body'));
  const survey = await surveyOfLink(store, input.link);
  const { survey: answered, steps } = await surveyAnswerSteps(store, {
    survey,
    body: parsed.data,
    now: input.now,
    linkId: input.link.linkId,
  });
  await transact(store, [...spendLinkStep(store, input.link, input.now.toISOString()), ...steps]);
  return viewOf(answered);
}
