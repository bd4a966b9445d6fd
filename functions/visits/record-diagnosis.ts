import { recordDiagnosisRoute } from '../../shared/api/routes/visits';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { recordDiagnosis } from '../../shared/store/visits';

export const handler = httpHandler(recordDiagnosisRoute, async ({ params, body, actor, idempotency }) => ({
  body: await recordDiagnosis(store(), params.branchId, params.visitId, body, actor, idempotency),
}));
