import { completeDutyRoute } from '../../shared/api/routes/duties';
import { progressCheckAnswerSteps } from '../../shared/duties/lifecycle';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { completeDuty } from '../../shared/store/duties';

/** Completes a human duty; a late progress check schedules the delay notice with it (R-PRG-2). */
export const handler = httpHandler(completeDutyRoute, async ({ params, body, actor }) => ({
  body: await completeDuty(store(), {
    branchId: params.branchId,
    dutyId: params.dutyId,
    version: body.version,
    result: body.result,
    actor,
    followUp: (duty, at) => progressCheckAnswerSteps(store(), duty, body.result, at),
  }),
}));
