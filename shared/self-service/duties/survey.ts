import { getCustomer } from '../../archive/store/customers';
import { policyOf } from '../../branches/rules';
import { branchSettings } from '../../branches/store';
import type { Duty } from '../../duty-engine/schemas';
import type { Performers } from '../../duty-engine/sweeper';
import { ConflictError } from '../../kernel/errors';
import { type DutySmsPlan, sendDutySms } from '../../letters/actions';
import { planSms } from '../../letters/rules/letter';
import { phoneOptOut } from '../../letters/store';
import type { Store } from '../../platform/dynamo/client';
import { transact } from '../../platform/dynamo/records';
import { logger } from '../../platform/logger';
import { surveyPhone } from '../actions/survey';
import { linkExpiry } from '../rules/links';
import { findSurvey, invitedStep } from '../store/survey';

/**
 * `survey-invite` (R-SELF-2): the day after the exit, the SMS with the survey link, sent once
 * through the shared SMS duty (shared/letters/actions.ts `sendDutySms`: a letter guard, quiet hours
 * by `DeferDuty`; the link, purpose `survey`, is issued with the letter and lives
 * `selfService.surveyLinkDays`). Planned again on every visit: a survey answered meanwhile, a phone
 * that opted out by reply since the exit (R-SELF-3) or a customer without a phone sends nothing.
 * Once the SMS went, the survey is `invited` (what the KPIs count as sent, R-RPT-3).
 */
function invitationPlan(store: Store) {
  return async (duty: Duty, now: Date): Promise<DutySmsPlan> => {
    const orderId = duty.subject.id;
    const survey = await findSurvey(store, duty.branchId, orderId);
    const context = { orderId, state: survey?.state };
    if (!survey) return { drop: 'the order has no survey', level: 'warn', context };
    if (survey.state === 'answered') return { drop: 'the survey was answered', level: 'debug', context };
    const [customer, branch] = await Promise.all([
      getCustomer(store, duty.branchId, survey.customerId),
      branchSettings(store, duty.branchId),
    ]);
    const phone = surveyPhone(customer);
    if (!phone) return { drop: 'the customer has no E.164 phone', level: 'warn', context };
    if ((await phoneOptOut(store, phone))?.optedOut)
      return { drop: 'the phone opted out by reply (R-SELF-3)', level: 'debug', context };
    const record = { kind: 'order' as const, id: orderId };
    return {
      customerId: customer.id,
      to: phone,
      subject: record,
      plan: planSms({
        templateId: 'survey-invitation',
        variables: { plate: survey.plate },
        customer,
        branch,
        now,
        sendAt: new Date(duty.fireAt),
      }),
      link: {
        purpose: 'survey',
        record,
        expiresAt: linkExpiry('survey', now, policyOf(branch)).toISOString(),
      },
    };
  };
}

export function surveyPerformers(store: Store): Performers {
  const invitation = { name: 'survey invitation', plan: invitationPlan(store) };
  return {
    'survey-invite': async (duty, context) => {
      const outcome = await sendDutySms(store, duty, context, invitation);
      const letter = outcome?.result?.letter as { id: string; status: string; statusAt: string } | undefined;
      if (letter?.status !== 'sent') return outcome;
      try {
        await transact(store, [
          invitedStep(
            store,
            { branchId: duty.branchId, orderId: duty.subject.id },
            { invitedAt: letter.statusAt, letterId: letter.id },
          ),
        ]);
      } catch (error) {
        // A retried duty finds the survey invited already (or answered): nothing more to record.
        if (!(error instanceof ConflictError)) throw error;
        logger.debug('survey invitation already recorded', { dutyId: duty.id });
      }
      return outcome;
    },
  };
}
