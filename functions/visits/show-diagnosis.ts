import { showDiagnosisRoute } from '../../shared/api/routes/visits';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { showDiagnosis } from '../../shared/store/visits';

export const handler = httpHandler(showDiagnosisRoute, async ({ params, body, actor }) => ({
  body: await showDiagnosis(
    store(),
    params.branchId,
    params.visitId,
    params.diagnosisId,
    body.version,
    actor,
  ),
}));
