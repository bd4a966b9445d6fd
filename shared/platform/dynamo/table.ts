/**
 * The one table of the product (single-table design). CDK (infra/constructs/table.ts) and the
 * local runtime (infra/local/dynamo.ts) both build the table from this definition, so the
 * keys and indexes a handler relies on exist in both places.
 *
 * Keys of branch data start with `BR#<branchId>#` so isolation is visible in the key.
 * Access patterns and key shapes are listed in docs/data-model.md.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Global secondary indexes, named after the access patterns they serve. */
  indexes: {
    /**
     * `lookup`: children of a parent that is not their partition, for example the vehicles of a
     * customer (`BR#<b>#CUS#<c>` → `VEH#<v>`) or every branch of the chain (`BRANCHES` → id).
     */
    lookup: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /**
     * `register`: the forms of R-REG-1 per branch in time order, for listing and CSV export by
     * date range (`BR#<b>#REG#<kind>` → `<iso time>#<id>`).
     */
    register: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /**
     * `dueDuties`: pending duties only (sparse), by time bucket and shard → fire time, so the
     * sweeper reads what is due now, not every pending duty (ARCHITECTURE "Duties").
     */
    dueDuties: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    /**
     * `recordDuties`: every duty of a record, whatever its state (R-X-5: an order's notices and
     * checks, a customer's calls), `BR#<b>#DUTIES#<kind>#<id>` → duty id (creation order).
     */
    recordDuties: { partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  },
  stream: 'NEW_AND_OLD_IMAGES',
  /** Epoch seconds after which DynamoDB deletes the item (idempotency keys). */
  timeToLiveAttribute: 'expiresAt',
} as const;

/** Attribute names the table definition declares (all strings). */
export function keyAttributes(): string[] {
  const names = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const index of Object.values(tableDefinition.indexes)) {
    names.add(index.partitionKey);
    names.add(index.sortKey);
  }
  return [...names];
}
