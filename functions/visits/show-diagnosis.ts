import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { showDiagnosis } from '../../shared/reception/actions/visits';
import { showDiagnosisRoute } from '../../shared/reception/routes/visits';

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
