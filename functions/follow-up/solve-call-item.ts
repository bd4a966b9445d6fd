import { solveCallItemRoute } from '../../shared/api/routes/follow-up';
import { httpHandler } from '../../shared/middleware/http';
import { solveCallItem } from '../../shared/store/calls';
import { store } from '../../shared/store/client';

/** R-FUP-4: a solution found; the customer is told the same day (a `tell-customer` duty). */
export const handler = httpHandler(solveCallItemRoute, async ({ params, body, actor }) => ({
  body: await solveCallItem(store(), { ...params, ...body, actor }),
}));
