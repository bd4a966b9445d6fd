import type { Store } from '../../platform/dynamo/client';
import { fromItem, type Key, queryAll, queryPage, type Step } from '../../platform/dynamo/records';
import { branchMembers } from '../../staff/store';
import { isOpenOrder, type OrderState } from '../rules/state-machine';
import type { TeamLoad } from '../rules/workshop';
import { teamsOf } from '../rules/workshop';
import type { Order } from '../schemas/order';
import { boardColumn, boardPartition } from './orders';

/**
 * The workshop of a branch (R-WS-2, R-WS-4):
 * - teams: a team is named after its lead, a staff member of the branch holding `team-lead`
 *   (membership items `BR#<b>#STAFF` / `<staffId>`, kept by shared/staff/store.ts);
 * - open jobs per team: `BR#<b>#TEAMLOAD` / `<teamId>`, attribute `open`, incremented when a team
 *   is assigned to an order and decremented when it finishes or is taken off, in the same
 *   transaction as the order. Counters, not a count of orders, so balancing reads one small
 *   partition whatever the number of orders;
 * - the job board: index `lookup`, `BR#<b>#BOARD` → `<nn>-<state>#<promisedAt>#<orderId>` while
 *   the order is open (`boardKeys`, written by `orderItem`): the board or a column is one Query.
 */
const teamLoadPartition = (branchId: string) => `BR#${branchId}#TEAMLOAD`;
export const teamLoadKey = (branchId: string, teamId: string): Key => ({
  pk: teamLoadPartition(branchId),
  sk: teamId,
});

/** Open jobs per team id: one Query. A team that never had a job has no counter (0). */
export async function teamLoads(store: Store, branchId: string): Promise<Map<string, number>> {
  const partition = teamLoadPartition(branchId);
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': partition },
    partition,
  });
  return new Map(items.map((i) => [i.sk, Number(i.open ?? 0)]));
}

/** Every team of the branch and its open jobs, least loaded first (what the dispatcher balances by). */
export async function listTeams(store: Store, branchId: string): Promise<TeamLoad[]> {
  const [members, loads] = await Promise.all([branchMembers(store, branchId), teamLoads(store, branchId)]);
  return teamsOf(members, loads).toSorted((a, b) => a.open - b.open || a.teamName.localeCompare(b.teamName));
}

/**
 * Moves a team's open-job counter by `delta` in the caller's transaction. `ADD` is atomic, so
 * concurrent dispatches never lose a count; the choice of the least loaded team may race, which
 * costs balance for a moment, never correctness. Exported for the inspection helper (a failed
 * inspection gives the teams their job back).
 */
export function teamLoadStep(
  store: Store,
  branchId: string,
  team: { teamId: string; teamName: string },
  delta: 1 | -1,
  at: string,
): Step {
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key: teamLoadKey(branchId, team.teamId),
        UpdateExpression: 'ADD #open :delta SET #type = :type, teamName = :name, updatedAt = :at',
        ExpressionAttributeNames: { '#open': 'open', '#type': 'type' },
        ExpressionAttributeValues: {
          ':delta': delta,
          ':type': 'team-load',
          ':name': team.teamName,
          ':at': at,
        },
      },
    },
  };
}

/**
 * The job board (R-WS-2): the branch's open orders grouped by state in lifecycle order, earliest
 * promise first within a state, or one state's column, paged; one Query either way.
 * `quality_check` is the inspector's queue (R-WS-4); `exited` and `cancelled` list the closed
 * orders of that state. The index is eventually consistent: an order that just moved shows in its
 * new column a moment later.
 */
export async function jobBoard(
  store: Store,
  branchId: string,
  state: OrderState | undefined,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: Order[]; nextCursor?: string }> {
  const closed = state !== undefined && !isOpenOrder(state);
  const partition = closed ? `${boardPartition(branchId)}#${state}` : boardPartition(branchId);
  const column = state !== undefined && !closed ? boardColumn(state) : undefined;
  const page = await queryPage(store, {
    IndexName: 'lookup',
    KeyConditionExpression: column ? 'gsi1pk = :p AND begins_with(gsi1sk, :column)' : 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': partition, ...(column ? { ':column': column } : {}) },
    partition,
    limit: options.limit,
    cursor: options.cursor,
  });
  return { ...page, items: page.items.map((i) => fromItem<Order>(i)) };
}
