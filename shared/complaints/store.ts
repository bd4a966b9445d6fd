import { ConflictError, NotFoundError, VersionConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import { fromItem, getRecord, type Item, type Key, putStep, type Step } from '../platform/dynamo/records';
import { registerPartition } from '../registers/store';
import type { Complaint } from './schemas';

/**
 * Complaint cases 投訴處理 (R-CMP-1..4).
 *
 * - `BR#<b>#CMP#<id>` / `CMP`: the case, in the complaint register (`register`:
 *   `BR#<b>#REG#complaint` → `<createdAt>#<id>`), listable and exported as CSV by the registers
 *   area. Its duties (`complaint-response`, `complaint-tell`) are recorded under the customer, so
 *   `GET …/customers/{c}/duties` lists them (R-X-5); its log entries are on the customer's
 *   timeline (R-ARC-4).
 */
const complaintKey = (branchId: string, id: string): Key => ({ pk: `BR#${branchId}#CMP#${id}`, sk: 'CMP' });

function complaintItem(complaint: Complaint): Item {
  return {
    ...complaintKey(complaint.branchId, complaint.id),
    type: 'complaint',
    gsi2pk: registerPartition(complaint.branchId, 'complaint'),
    gsi2sk: `${complaint.createdAt}#${complaint.id}`,
    ...complaint,
  };
}

export async function getComplaint(store: Store, branchId: string, id: string): Promise<Complaint> {
  const item = await getRecord(store, complaintKey(branchId, id));
  if (!item) throw new NotFoundError(`Complaint ${id} was not found in branch ${branchId}`);
  return fromItem<Complaint>(item);
}

/** A new case: put once (a repeated id is a 409). */
export function newComplaintStep(store: Store, complaint: Complaint): Step {
  return putStep(store, complaintItem(complaint), {
    expression: 'attribute_not_exists(pk)',
    onConditionFailed: () => new ConflictError(`complaint ${complaint.id} exists`),
  });
}

/** The case written over the version read (R-ACC-5): a write in between makes a 409. */
export function complaintUpdateStep(store: Store, next: Complaint, readVersion: number): Step {
  return putStep(store, complaintItem(next), {
    expression: '#version = :read',
    names: { '#version': 'version' },
    values: { ':read': readVersion },
    onConditionFailed: () =>
      new VersionConflictError(`Complaint ${next.id} changed after version ${readVersion}; reload it`),
  });
}
