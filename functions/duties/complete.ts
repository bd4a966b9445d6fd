import { completeDutyRoute } from '../../shared/duty-engine/routes';
import { completeDuty } from '../../shared/duty-engine/store';
import { dutyCompletions } from '../../shared/performers';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/**
 * Completes a human duty; what its kind's area registered goes with it (a late progress check
 * schedules the delay notice, R-PRG-2; a call's duties are refused here, R-FUP-6).
 */
export const handler = httpHandler(completeDutyRoute, async ({ params, body, actor }) => ({
  body: await completeDuty(store(), {
    branchId: params.branchId,
    dutyId: params.dutyId,
    version: body.version,
    result: body.result,
    actor,
    completions: dutyCompletions(store()),
  }),
}));
