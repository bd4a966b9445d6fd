import * as z from 'zod';
import { auditFields, branchId, expectedVersion, isoDate, text, ulidId } from '../../kernel/schemas';
import { checkPlate, checkVin } from '../rules/plate';
import { customerId } from './customer';

/**
 * The vehicle archive (R-ARC-1, one car one file 一車一檔案): one record per vehicle, owned by
 * one customer. Plates and VINs are normalized at the edge, so what is stored and compared is
 * always the canonical form.
 */

export const vehicleId = /* @__PURE__ */ ulidId.meta({ description: 'Vehicle id (ULID)' });

/** A plate as typed; parsed to its canonical form (`粵b·12345` → `粤B12345`). */
export const plateInput = /* @__PURE__ */ z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const result = checkPlate(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.reason });
      return z.NEVER;
    }
    return result.plate;
  })
  .meta({ description: 'Plate 車號; spaces, dots and dashes are ignored', example: '粤B·12345' });

export const vinInput = /* @__PURE__ */ z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const result = checkVin(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.reason });
      return z.NEVER;
    }
    return result.vin;
  })
  .meta({ description: 'Vehicle identification number (17 characters)', example: 'LVGBE40K88G123456' });

const vehicleType = /* @__PURE__ */ z
  .enum(['car', 'suv', 'mpv', 'van', 'pickup', 'truck', 'bus', 'motorcycle', 'other'])
  .meta({ description: 'Type 車種; reports count cars by it (R-RPT-1)' });

const maintenanceCycle = /* @__PURE__ */ z
  .strictObject({
    months: z.number().int().min(1).max(60).optional(),
    km: z.number().int().min(500).max(200_000).optional(),
  })
  .refine((c) => c.months !== undefined || c.km !== undefined, { message: 'Give months, km or both' })
  .meta({ description: 'Service interval, by time and/or distance (R-MKT-1)' });

const vehicleFields = {
  model: text(80).optional().meta({ description: 'Model 車型', example: 'Toyota Camry 2.5' }),
  vehicleType: vehicleType.optional(),
  colour: text(30).optional(),
  year: z.number().int().min(1900).max(2100).optional().meta({ description: 'Model year' }),
  maintenanceCycle: maintenanceCycle.optional(),
  lastMaintenanceDate: isoDate.optional(),
  nextMaintenanceDate: isoDate.optional().meta({ description: 'Not before lastMaintenanceDate' }),
  odometerKm: z
    .number()
    .int()
    .min(0)
    .max(2_000_000)
    .optional()
    .meta({ description: 'Last odometer reading in km' }),
};

/** R-ARC-1: the next maintenance cannot be due before the last one was done. */
export function maintenanceDatesIssue(dates: {
  lastMaintenanceDate?: string | null | undefined;
  nextMaintenanceDate?: string | null | undefined;
}): string | undefined {
  const { lastMaintenanceDate: last, nextMaintenanceDate: next } = dates;
  return last && next && next < last ? `Not before lastMaintenanceDate ${last}` : undefined;
}

export const createVehicleBody = /* @__PURE__ */ z
  .strictObject({ plate: plateInput, vin: vinInput.optional(), ...vehicleFields })
  .superRefine((value, ctx) => {
    const issue = maintenanceDatesIssue(value);
    if (issue) ctx.addIssue({ code: 'custom', path: ['nextMaintenanceDate'], message: issue });
  })
  .meta({ id: 'CreateVehicle' });

/** Optional fields a PATCH clears by sending null (JSON merge patch, RFC 7396). */
export const clearableVehicleFields = [
  'model',
  'vehicleType',
  'vin',
  'colour',
  'year',
  'maintenanceCycle',
  'lastMaintenanceDate',
  'nextMaintenanceDate',
] as const;

export const updateVehicleBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    plate: plateInput.optional(),
    vin: vinInput.nullable().optional(),
    model: text(80).nullable().optional(),
    vehicleType: vehicleType.nullable().optional(),
    colour: text(30).nullable().optional(),
    year: z.number().int().min(1900).max(2100).nullable().optional(),
    maintenanceCycle: maintenanceCycle.nullable().optional(),
    lastMaintenanceDate: isoDate.nullable().optional(),
    nextMaintenanceDate: isoDate.nullable().optional(),
    odometerKm: vehicleFields.odometerKm,
    odometerCorrectionReason: text(200).optional().meta({
      description: 'Why a reading below the last one is right (a replaced instrument, a typing error)',
    }),
  })
  .meta({
    id: 'UpdateVehicle',
    description:
      'Fields to change; null clears an optional field. A new plate is claimed and the old one released. The owner does not change here.',
  });

export const vehicle = /* @__PURE__ */ z
  .object({
    id: vehicleId,
    branchId,
    customerId,
    plate: z.string().meta({ description: 'Canonical plate', example: '粤B12345' }),
    vin: z.string().optional(),
    ...vehicleFields,
    ...auditFields,
  })
  .meta({ id: 'Vehicle' });

export type Vehicle = z.infer<typeof vehicle>;
/** What a caller gives to open a vehicle archive (plate and VIN are normalized again by the store). */
export type CreateVehicle = z.input<typeof createVehicleBody>;
export type UpdateVehicle = z.infer<typeof updateVehicleBody>;
