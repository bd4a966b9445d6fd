import { completeDutyRoute } from '../../shared/api/routes/duties';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { completeDuty } from '../../shared/store/duties';

export const handler = httpHandler(completeDutyRoute, async ({ params, body, actor }) => ({
  body: await completeDuty(store(), {
    branchId: params.branchId,
    dutyId: params.dutyId,
    version: body.version,
    result: body.result,
    actor,
  }),
}));
