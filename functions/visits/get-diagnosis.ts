import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { getDiagnosisRoute } from '../../shared/reception/routes/visits';
import { getDiagnosis } from '../../shared/reception/store/visits';

export const handler = httpHandler(getDiagnosisRoute, async ({ params }) => ({
  body: await getDiagnosis(store(), params.branchId, params.visitId, params.diagnosisId),
}));
