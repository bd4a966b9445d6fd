import * as z from 'zod';
import { branchId, page, pageQuery } from '../../kernel/schemas';
import { defineRoute } from '../../platform/http/contract';
import { customerId } from '../schemas/customer';
import {
  createVehicleBody,
  plateInput,
  updateVehicleBody,
  vehicle,
  vehicleId,
  vinInput,
} from '../schemas/vehicle';
import { archiveReaders, archiveWriters } from './customers';

/** Vehicle archive (R-ARC-1 one car one file, R-ARC-3). Same roles as the customer archive. */
const customerParams = /* @__PURE__ */ z.strictObject({ branchId, customerId });
const vehicleParams = /* @__PURE__ */ z.strictObject({ branchId, vehicleId });

export const createVehicleRoute = /* @__PURE__ */ defineRoute({
  id: 'createVehicle',
  method: 'POST',
  path: '/branches/{branchId}/customers/{customerId}/vehicles',
  entry: 'functions/vehicles/create.ts',
  summary: "Open a vehicle's archive under its owner; a plate already on file is 409 naming that vehicle",
  tag: 'Vehicles',
  roles: archiveWriters,
  params: customerParams,
  body: createVehicleBody,
  response: vehicle,
  status: 201,
  idempotent: true,
});

export const listCustomerVehiclesRoute = /* @__PURE__ */ defineRoute({
  id: 'listCustomerVehicles',
  method: 'GET',
  path: '/branches/{branchId}/customers/{customerId}/vehicles',
  entry: 'functions/vehicles/list-of-customer.ts',
  summary: 'List the vehicles a customer owns',
  tag: 'Vehicles',
  roles: archiveReaders,
  params: customerParams,
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(vehicle),
});

export const findVehicleByPlateRoute = /* @__PURE__ */ defineRoute({
  id: 'findVehicleByPlate',
  method: 'GET',
  path: '/branches/{branchId}/vehicles',
  entry: 'functions/vehicles/find-by-plate.ts',
  summary: 'Find a vehicle by plate or by VIN, typed in any format (empty items when not on file)',
  tag: 'Vehicles',
  roles: archiveReaders,
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  query: z
    .strictObject({ plate: plateInput.optional(), vin: vinInput.optional() })
    .refine((q) => (q.plate === undefined) !== (q.vin === undefined), {
      message: 'Give either plate or vin',
      path: ['plate'],
    }),
  response: /* @__PURE__ */ z.object({ items: z.array(vehicle).max(1) }),
});

export const getVehicleRoute = /* @__PURE__ */ defineRoute({
  id: 'getVehicle',
  method: 'GET',
  path: '/branches/{branchId}/vehicles/{vehicleId}',
  entry: 'functions/vehicles/get.ts',
  summary: 'Read a vehicle archive',
  tag: 'Vehicles',
  roles: archiveReaders,
  params: vehicleParams,
  response: vehicle,
});

export const updateVehicleRoute = /* @__PURE__ */ defineRoute({
  id: 'updateVehicle',
  method: 'PATCH',
  path: '/branches/{branchId}/vehicles/{vehicleId}',
  entry: 'functions/vehicles/update.ts',
  summary: 'Change a vehicle archive on top of the version read (odometer, maintenance, plate)',
  tag: 'Vehicles',
  roles: archiveWriters,
  params: vehicleParams,
  body: updateVehicleBody,
  response: vehicle,
});
