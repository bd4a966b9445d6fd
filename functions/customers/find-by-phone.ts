import { findCustomerByPhoneRoute } from '../../shared/archive/routes/customers';
import { findCustomerByPhone } from '../../shared/archive/store/customers';
import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';

/** R-ARC-3: reception looks the caller up before opening an archive, so nobody is filed twice. */
export const handler = httpHandler(findCustomerByPhoneRoute, async ({ params, query }) => {
  const found = await findCustomerByPhone(store(), params.branchId, query.phone);
  return { body: { items: found ? [found] : [] } };
});
