import { toCsv } from '../kernel/csv';
import type { Store } from '../platform/dynamo/client';
import { columnNames, csvCells, rowOf } from './rules';
import { type ListedRegisterKind, type RangeQuery, registerItems } from './store';

// Every kind a branch lists has its columns: `kind` is passed to the rules, which know the
// kinds by their columns, so a kind added to the store without them does not compile.

/** R-REG-1: one page of a register, each form as a row of its kind's columns. */
export async function listRegister(
  store: Store,
  branchId: string,
  kind: ListedRegisterKind,
  query: RangeQuery,
) {
  const { items, ...page } = await registerItems(store, branchId, kind, query);
  return {
    kind,
    from: query.from,
    to: query.to,
    columns: columnNames(kind),
    items: items.map((item) => rowOf(kind, item)),
    ...page,
  };
}

/**
 * R-REG-1: the register as CSV for Excel: times in the branch's local time, money in major units.
 * At most `limit` rows; `nextCursor` continues the export.
 */
export async function exportRegisterCsv(
  store: Store,
  branchId: string,
  kind: ListedRegisterKind,
  query: RangeQuery,
): Promise<{ csv: string; filename: string; nextCursor?: string }> {
  const { items, timeZone, nextCursor } = await registerItems(store, branchId, kind, query);
  const header = columnNames(kind);
  const rows = items.map((item) => csvCells(kind, rowOf(kind, item), timeZone));
  return {
    csv: toCsv(header, rows),
    filename: `${branchId}-${kind}-${query.from}-${query.to}.csv`,
    ...(nextCursor ? { nextCursor } : {}),
  };
}
