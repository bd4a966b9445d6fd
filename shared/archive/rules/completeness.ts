import type { Policy } from '../../kernel/policy';
/**
 * R-ARC-2: when an archive counts as complete. The fields are those of R-ARC-1 that the
 * after-sales work depends on: who the customer is and how to reach them (name, a phone, an
 * address, preferred contact times for the follow-up calls of R-FUP-5) and at least one vehicle
 * identified well enough to find it again and to report on it (plate, model 車型, type 車種).
 * The rest of R-ARC-1 (company, VIN, odometer, maintenance dates, wishes, history) fills in
 * over the visits and does not make an archive incomplete.
 */
export interface ArchiveCustomer {
  name?: string | undefined;
  phones?: readonly unknown[] | undefined;
  address?: string | undefined;
  preferredContactTimes?: string | undefined;
}

export interface ArchiveVehicle {
  plate?: string | undefined;
  model?: string | undefined;
  vehicleType?: string | undefined;
}

/** The customer fields R-ARC-2 requires, in the order they are reported missing. */
const requiredCustomerFields = ['name', 'phones', 'address', 'preferredContactTimes'] as const;
/** The fields R-ARC-2 requires of at least one of the customer's vehicles. */
const requiredVehicleFields = ['plate', 'model', 'vehicleType'] as const;

const filled = (value: unknown): boolean =>
  Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim().length > 0;

/** The customer fields R-ARC-2 requires that are still missing, in order. */
export function customerGaps(customer: ArchiveCustomer): string[] {
  return requiredCustomerFields.filter((f) => !filled(customer[f]));
}

/** One vehicle identified well enough for R-ARC-2: plate, model and type. */
export function isVehicleComplete(vehicle: ArchiveVehicle): boolean {
  return requiredVehicleFields.every((f) => filled(vehicle[f]));
}

/**
 * What the archive still lacks (R-ARC-2), as field names: `address`, `vehicle` (no vehicle at
 * all) or `vehicle.model` (no vehicle has a model, and so on). Empty when complete.
 */
export function archiveGaps(customer: ArchiveCustomer, vehicles: readonly ArchiveVehicle[]): string[] {
  const gaps = customerGaps(customer);
  // Stryker disable next-line ConditionalExpression: a complete vehicle lacks nothing, so the best one adds no gap either way
  if (vehicles.some(isVehicleComplete)) return gaps;
  if (vehicles.length === 0) return [...gaps, 'vehicle'];
  // No vehicle is complete: name what the best one lacks.
  const lacks = (v: ArchiveVehicle) => requiredVehicleFields.filter((f) => !filled(v[f]));
  const best = vehicles.map(lacks).reduce((a, b) => (b.length < a.length ? b : a));
  return [...gaps, ...best.map((f) => `vehicle.${f}`)];
}

export function isArchiveComplete(customer: ArchiveCustomer, vehicles: readonly ArchiveVehicle[]): boolean {
  return archiveGaps(customer, vehicles).length === 0;
}

/** R-ARC-2: an archive opened now must be complete within 2 days, else a duty is raised. */
export function archiveCompleteBy(openedAt: Date, policy: Policy): Date {
  return new Date(openedAt.getTime() + policy.archive.completeWithinDays * 86_400_000);
}
