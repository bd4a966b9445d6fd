import { inspectorAssessmentRoute } from '../../shared/api/routes/reports';
import { inspectorAssessments } from '../../shared/metrics/reports';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';

/** R-QC-1..3 from the aggregates (never the orders). */
export const handler = httpHandler(inspectorAssessmentRoute, async ({ params, query }) => ({
  body: await inspectorAssessments(store(), params.branchId, query.from, query.to),
}));
