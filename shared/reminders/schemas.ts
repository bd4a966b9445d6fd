import * as z from 'zod';
import { customerId } from '../archive/schemas/customer';
import { vehicleId } from '../archive/schemas/vehicle';
import { branchId, isoDate, isoDateTime, ulidId } from '../kernel/schemas';

/**
 * The reminders area (R-MKT-1, R-ARC-5): a vehicle's maintenance reminder, kept per cycle, the
 * warranty issued at exit as a small item of the vehicle, and the "下一次" (next service) read.
 */

/**
 * R-MKT-1: the vehicle's current maintenance cycle and its one reminder duty:
 * `BR#<b>#VEH#<v>` / `REMINDER#maintenance`. A new cycle (a maintenance exit, a new last
 * maintenance date) gets a new duty; the same cycle only moves its duty.
 */
export interface MaintenanceReminder {
  vehicleId: string;
  customerId: string;
  /** The local date the cycle started: the last maintenance, else the day the archive was opened. */
  cycleStart: string;
  dutyId: string;
  remindAt: string;
  dueDate: string;
  dueKm?: number;
  by: 'date' | 'km';
}

/** R-WAR-1: the warranty an exit issued, kept on the vehicle for the next-service read (R-ARC-5). */
export interface VehicleWarranty {
  orderId: string;
  until: string;
  km?: number;
  issuedAt: string;
}

/** An upcoming appointment, as the appointments area will give it (the seam of R-ARC-5). */
export interface UpcomingAppointment {
  id: string;
  at: string;
  vehicleId?: string | undefined;
  reason?: string | undefined;
}

const nextServiceKind = /* @__PURE__ */ z.enum([
  'maintenance_due',
  'declined_work',
  'appointment',
  'warranty_ending',
]);

const nextServiceItem = /* @__PURE__ */ z
  .strictObject({
    kind: nextServiceKind,
    vehicleId: vehicleId.optional(),
    plate: z.string().optional(),
    dueAt: z
      .union([isoDate, isoDateTime])
      .meta({ description: 'When it is due: a local date, or an instant (an appointment, a warranty end)' }),
    dueKm: z.number().int().optional().meta({ description: 'The odometer reading at which it is due' }),
    reason: z
      .string()
      .meta({ description: 'Why it is worth offering, for the advisor or the follow-up agent' }),
    ref: z
      .strictObject({ kind: z.string(), id: z.string() })
      .optional()
      .meta({ description: 'The record it comes from: declined work, an order (warranty), an appointment' }),
    safetyRelated: z.boolean().optional(),
  })
  .meta({ id: 'NextServiceItem' });
export type NextServiceItem = z.infer<typeof nextServiceItem>;

export const nextService = /* @__PURE__ */ z
  .strictObject({
    branchId,
    customerId: customerId.optional(),
    vehicleId: vehicleId.optional(),
    items: z.array(nextServiceItem),
  })
  .meta({
    id: 'NextService',
    description: 'R-ARC-5: the next service worth offering, earliest first, each with its reason',
  });
export type NextService = z.infer<typeof nextService>;

/** A duty's record for the reminder duties: the vehicle (R-X-5). */
export const vehicleRecord = (id: string) => ({ kind: 'vehicle', id }) as const;

export const declinedReminderPayload = /* @__PURE__ */ z.object({ vehicleId: ulidId });
