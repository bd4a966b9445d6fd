import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { recordDiagnosis } from '../../shared/reception/actions/visits';
import { recordDiagnosisRoute } from '../../shared/reception/routes/visits';

export const handler = httpHandler(recordDiagnosisRoute, async ({ params, body, actor, idempotency }) => ({
  body: await recordDiagnosis(store(), params.branchId, params.visitId, body, actor, idempotency),
}));
