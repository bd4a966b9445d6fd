import { bayDay } from '../../shared/appointments/actions';
import { bayDayRoute } from '../../shared/appointments/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-APT-3: the bays held and free per slot of a day. */
export const handler = httpHandler(bayDayRoute, async ({ params, query }) => ({
  body: await bayDay(store(), params.branchId, query.date),
}));
