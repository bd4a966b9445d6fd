import type { SweepRun } from '../../infra/local/runtime';

/**
 * The latest time at which the local sweeper may send a duty due at `at` if it fires in the first
 * sweep after its time (R-X-3): the end of the first run that swept at or after `at`, or of a run
 * that ran beside it (the deep sweep may claim the duty first). Judged by the sweeper's own runs
 * in clock time, so a busy machine that spaces the sweeps further apart does not make it late.
 * Undefined until such a run ended.
 */
export function firstSweepEnd(runs: readonly SweepRun[], at: number): number | undefined {
  const after = runs.filter((run) => run.startedAt >= at);
  if (after.length === 0) return undefined;
  const firstEnd = Math.min(...after.map((run) => run.endedAt));
  return Math.max(...after.filter((run) => run.startedAt <= firstEnd).map((run) => run.endedAt));
}
