import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { exportRegisterCsv } from '../../shared/registers/actions';
import { exportRegisterRoute } from '../../shared/registers/routes';

export const handler = httpHandler(exportRegisterRoute, async ({ params, query }) => {
  const exported = await exportRegisterCsv(store(), params.branchId, params.kind, query);
  return {
    raw: exported.csv,
    filename: exported.filename,
    // More rows than `limit`: the next export continues from here (R-REG-1).
    ...(exported.nextCursor ? { headers: { 'x-next-cursor': exported.nextCursor } } : {}),
  };
});
