import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { inspectorAssessments } from '../../shared/reports/actions/reports';
import { inspectorAssessmentRoute } from '../../shared/reports/routes/reports';

/** R-QC-1..3 from the aggregates (never the orders). */
export const handler = httpHandler(inspectorAssessmentRoute, async ({ params, query }) => ({
  body: await inspectorAssessments(store(), params.branchId, query.from, query.to),
}));
