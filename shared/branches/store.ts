import { NotFoundError } from '../kernel/errors';
import type { Policy } from '../kernel/policy';
import type { Store } from '../platform/dynamo/client';
import {
  fromItem,
  getRecord,
  getRecordOr404,
  type Item,
  type Key,
  queryPage,
} from '../platform/dynamo/records';
import { policyOf } from './rules';
import type { Branch } from './schemas';

/**
 * Branch entity (R-ACC-1). Key: `BR#<id>` / `BRANCH`. Every branch is also listed under the
 * `lookup` index partition `BRANCHES`, sorted by id.
 */
export const branchKey = (id: string): Key => ({ pk: `BR#${id}`, sk: 'BRANCH' });

/** A precondition for writes that need the branch to exist. */
export const branchExists = (id: string) => ({
  key: branchKey(id),
  error: () => new NotFoundError(`Branch ${id} does not exist`),
});

export function branchItem(branch: Branch): Item {
  return { ...branchKey(branch.id), type: 'branch', gsi1pk: 'BRANCHES', gsi1sk: branch.id, ...branch };
}

/** `policyOf` the branch, from the settings cache. */
export async function branchPolicy(store: Store, branchId: string): Promise<Policy> {
  return policyOf(await branchSettings(store, branchId));
}

export async function getBranch(store: Store, id: string): Promise<Branch> {
  return fromItem<Branch>(await getRecordOr404(store, branchKey(id), `Branch ${id}`));
}

/** Branch settings change rarely; a warm function keeps them for a minute to spare a read per call. */
const cache = new Map<string, { branch: Branch; until: number }>();
export async function branchSettings(store: Store, id: string, now = Date.now()): Promise<Branch> {
  const hit = cache.get(id);
  if (hit && hit.until > now) return hit.branch;
  const branch = await getBranch(store, id);
  cache.set(id, { branch, until: now + 60_000 });
  return branch;
}

/** A changed branch is read afresh by this process (other warm functions within the minute). */
export function forgetBranchSettings(id: string): void {
  cache.delete(id);
}

/**
 * Every branch of the chain (one query of the `lookup` index), or, for branch staff, the branches
 * they work at, read directly (a person works at a handful at most, R-ACC-3).
 */
export async function listBranches(
  store: Store,
  options: { limit: number; cursor?: string | undefined; only?: string[] },
): Promise<{ items: Branch[]; nextCursor?: string }> {
  if (options.only) {
    const found = await Promise.all(options.only.map((id) => getRecord(store, branchKey(id))));
    return { items: found.filter((i): i is Item => i !== undefined).map((i) => fromItem<Branch>(i)) };
  }
  const page = await queryPage(store, {
    IndexName: 'lookup',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': 'BRANCHES' },
    partition: 'BRANCHES',
    limit: options.limit,
    cursor: options.cursor,
  });
  return { ...page, items: page.items.map((i) => fromItem<Branch>(i)) };
}

/** Every branch of the chain (or the `only` ones), by id: every page of `listBranches`. */
export async function allBranches(store: Store, only?: string[] | undefined): Promise<Branch[]> {
  if (only) return only.length === 0 ? [] : (await listBranches(store, { limit: only.length, only })).items;
  const branches: Branch[] = [];
  let cursor: string | undefined;
  do {
    const page = await listBranches(store, { limit: 100, cursor });
    branches.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return branches.sort((a, b) => a.id.localeCompare(b.id));
}
