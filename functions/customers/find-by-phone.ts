import { findCustomerByPhoneRoute } from '../../shared/api/routes/customers';
import { httpHandler } from '../../shared/middleware/http';
import { store } from '../../shared/store/client';
import { findCustomerByPhone } from '../../shared/store/customers';

/** R-ARC-3: reception looks the caller up before opening an archive, so nobody is filed twice. */
export const handler = httpHandler(findCustomerByPhoneRoute, async ({ params, query }) => {
  const found = await findCustomerByPhone(store(), params.branchId, query.phone);
  return { body: { items: found ? [found] : [] } };
});
