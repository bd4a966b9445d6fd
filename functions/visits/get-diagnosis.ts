import { getDiagnosisRoute } from '../../shared/api/routes/visits';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { getDiagnosis } from '../../shared/store/visits';

export const handler = httpHandler(getDiagnosisRoute, async ({ params }) => ({
  body: await getDiagnosis(store(), params.branchId, params.visitId, params.diagnosisId),
}));
