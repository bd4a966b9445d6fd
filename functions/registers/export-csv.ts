import { exportRegisterRoute } from '../../shared/api/routes/registers';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { exportRegisterCsv } from '../../shared/store/registers';

export const handler = httpHandler(exportRegisterRoute, async ({ params, query }) => {
  const exported = await exportRegisterCsv(store(), params.branchId, params.kind, query);
  return {
    raw: exported.csv,
    filename: exported.filename,
    // More rows than `limit`: the next export continues from here (R-REG-1).
    ...(exported.nextCursor ? { headers: { 'x-next-cursor': exported.nextCursor } } : {}),
  };
});
