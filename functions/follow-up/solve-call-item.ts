import { solveCallItem } from '../../shared/follow-up/actions/calls';
import { solveCallItemRoute } from '../../shared/follow-up/routes';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-FUP-4: a solution found; the customer is told the same day (a `tell-customer` duty). */
export const handler = httpHandler(solveCallItemRoute, async ({ params, body, actor }) => ({
  body: await solveCallItem(store(), { ...params, ...body, actor }),
}));
