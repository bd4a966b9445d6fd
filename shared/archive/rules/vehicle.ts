import { ValidationError } from '../../kernel/errors';
import { maintenanceDatesIssue } from '../schemas/vehicle';
import { type ArchiveVehicle, isVehicleComplete } from './completeness';

/** A reading to add to the car's odometer history, with the reason it is below the last one. */
export interface OdometerReading {
  km: number;
  correctionReason?: string;
}

/**
 * R-ARC-1, R-RO-3: a new odometer reading typed into the archive goes into the car's reading
 * history, like one taken at a handover; below the last reading only with a correction reason.
 * No reading when the value is not new; a reason without a new value is a 400.
 */
export function odometerReading(
  lastKm: number | undefined,
  km: number | undefined,
  reason: string | undefined,
): OdometerReading | undefined {
  if (km === undefined || km === lastKm) {
    if (reason)
      throw new ValidationError([
        { path: 'body.odometerCorrectionReason', message: 'Give it with a new odometerKm only' },
      ]);
    return undefined;
  }
  if (lastKm !== undefined && km < lastKm && !reason) {
    throw new ValidationError([
      {
        path: 'body.odometerKm',
        message: `${km} km is below the last reading of ${lastKm} km; give odometerCorrectionReason to record it`,
      },
    ]);
  }
  return { km, ...(reason ? { correctionReason: reason } : {}) };
}

/** R-ARC-1: after an update too, the next maintenance is not before the last one (400 otherwise). */
export function requireMaintenanceDates(dates: {
  lastMaintenanceDate?: string | undefined;
  nextMaintenanceDate?: string | undefined;
}): void {
  const issue = maintenanceDatesIssue(dates);
  if (issue) throw new ValidationError([{ path: 'body.nextMaintenanceDate', message: issue }]);
}

/**
 * R-ARC-3: one archive per plate and per VIN. A changed identifier claims the new value and
 * releases the old one in the update's transaction (a cleared VIN only releases); an unchanged
 * one does neither.
 */
export function identifierChange(
  before: string | undefined,
  after: string | undefined,
): { claim?: string; release?: string } {
  if (after === before) return {};
  return { ...(after ? { claim: after } : {}), ...(before ? { release: before } : {}) };
}

/**
 * R-ARC-2: whether an update makes this car complete (plate, model, type) and so may complete the
 * archive. A car complete already cannot, and a stale write fails anyway: neither needs a read.
 */
export function completesVehicle(
  before: ArchiveVehicle,
  after: ArchiveVehicle,
  versionMatches: boolean,
): boolean {
  return versionMatches && !isVehicleComplete(before) && isVehicleComplete(after);
}
