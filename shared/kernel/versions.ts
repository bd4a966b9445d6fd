import type { Actor } from './access';
import { VersionConflictError } from './errors';

/**
 * R-ACC-5: a change applies on top of the version the caller read; another version is a 409
 * naming the current one, so the caller reloads instead of silently overwriting.
 */
export function requireReadVersion(what: string, read: number, current: number): void {
  if (read !== current) {
    throw new VersionConflictError(
      `You read version ${read} but the ${what} is at version ${current}; reload and retry`,
      current,
    );
  }
}

/** R-ACC-5: the record after a change by `actor` at `at`: the next version, who and when. */
export function nextVersion<T extends { version: number }>(
  record: T,
  actor: Pick<Actor, 'staffId'>,
  at: string,
): T {
  return { ...record, version: record.version + 1, updatedAt: at, updatedBy: actor.staffId };
}
