import { completeDutyRoute } from '../../shared/duty-engine/routes';
import { completeDuty } from '../../shared/duty-engine/store';
import { RuleViolationError } from '../../shared/kernel/errors';
import { progressCheckAnswerSteps } from '../../shared/orders/duties/lifecycle';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

const doneElsewhere: Partial<Record<string, string>> = {
  'follow-up-call': 'recording the call: POST /branches/{branchId}/calls with its dutyId (R-FUP-4)',
  'open-request': 'recording the solution: POST /branches/{branchId}/calls/{callId}/items/{itemId}/solution',
  inspection:
    'filing the inspection: POST /branches/{branchId}/orders/{orderId}/passInspection or failInspection (R-QC-3)',
  'tell-customer':
    "recording the call that told the customer: POST /branches/{branchId}/calls with purpose 'solution' and its dutyId (R-FUP-4)",
};

/** Completes a human duty; a late progress check schedules the delay notice with it (R-PRG-2). */
export const handler = httpHandler(completeDutyRoute, async ({ params, body, actor }) => ({
  body: await completeDuty(store(), {
    branchId: params.branchId,
    dutyId: params.dutyId,
    version: body.version,
    result: body.result,
    actor,
    followUp: (duty, at) => {
      // A call's duties are done by recording the call or the solution, so the registers hold them.
      const elsewhere = doneElsewhere[duty.kind];
      if (elsewhere)
        throw new RuleViolationError(`A ${duty.kind} duty is completed by ${elsewhere}`, 'R-FUP-6');
      return progressCheckAnswerSteps(store(), duty, body.result, at, actor);
    },
  }),
}));
