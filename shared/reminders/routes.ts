import * as z from 'zod';
import { customerId } from '../archive/schemas/customer';
import { vehicleId } from '../archive/schemas/vehicle';
import { branchRoles } from '../kernel/access';
import { branchId } from '../kernel/schemas';
import { defineRoute } from '../platform/http/contract';
import { nextService } from './schemas';

/**
 * R-ARC-5: the "下一次" service worth offering, read by every branch role that reads the archive
 * (the advisor at the counter, the follow-up agent before a call).
 */
export const vehicleNextServiceRoute = /* @__PURE__ */ defineRoute({
  id: 'getVehicleNextService',
  method: 'GET',
  path: '/branches/{branchId}/vehicles/{vehicleId}/next-service',
  entry: 'functions/reminders/vehicle-next-service.ts',
  summary:
    'The next service worth offering for a vehicle (R-ARC-5): maintenance due by date or km, open declined work, a warranty ending, an upcoming appointment, each with its reason',
  tag: 'Vehicles',
  roles: branchRoles,
  params: /* @__PURE__ */ z.strictObject({ branchId, vehicleId }),
  response: nextService,
});

export const customerNextServiceRoute = /* @__PURE__ */ defineRoute({
  id: 'getCustomerNextService',
  method: 'GET',
  path: '/branches/{branchId}/customers/{customerId}/next-service',
  entry: 'functions/reminders/customer-next-service.ts',
  summary: "The next service worth offering over all of a customer's vehicles (R-ARC-5), earliest first",
  tag: 'Customers',
  roles: branchRoles,
  params: /* @__PURE__ */ z.strictObject({ branchId, customerId }),
  response: nextService,
});
