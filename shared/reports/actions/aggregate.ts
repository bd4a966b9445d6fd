import { branchSettings } from '../../branches/store';
import { ConflictError } from '../../kernel/errors';
import { policyFor } from '../../kernel/policy';
import type { Store } from '../../platform/dynamo/client';
import { putStep, type Step, transact } from '../../platform/dynamo/records';
import type { ChangeRecord } from '../../platform/dynamo/stream';
import { logger } from '../../platform/logger';
import { clock } from '../../platform/ports/clock';
import { countedTypes, type Delta, figureDeltas } from '../rules/figures';
import { dayKey, inspectorDayKey } from '../store';

/**
 * The metrics aggregator (ARCHITECTURE "Metrics", R-RPT-4): it reads the table's stream (the
 * Lambda event source mapping in AWS, the local stream poller in `npm start`) and adds each
 * change's figure deltas (shared/reports/rules/figures.ts) to per-branch, per-local-day items.
 *
 * Idempotent under redelivery: a change's deltas and a marker named after its stream record id
 * are written in one transaction conditioned on the marker being new, so a record delivered twice
 * (a retried batch, a replayed shard) adds nothing the second time. Markers expire after a week,
 * longer than a stream keeps its records (24 hours).
 */
export interface AggregateReport {
  applied: number;
  /** Records that move no figure (log entries, guards, most updates). */
  skipped: number;
  /** Records applied before (redelivered). */
  repeated: number;
}

const markerTtlSeconds = 7 * 24 * 3600;

class AlreadyApplied extends ConflictError {}

function markerStep(store: Store, branchId: string, record: ChangeRecord, now: Date): Step {
  return putStep(
    store,
    {
      pk: `BR#${branchId}#METRICS#APPLIED#${record.id}`,
      sk: 'APPLIED',
      type: 'metrics-marker',
      expiresAt: Math.floor(now.getTime() / 1000) + markerTtlSeconds,
    },
    { expression: 'attribute_not_exists(pk)', onConditionFailed: () => new AlreadyApplied(record.id) },
  );
}

/** One `ADD` per counter; the names go through placeholders (they hold dots). */
function addStep(
  store: Store,
  key: { pk: string; sk: string },
  counters: Record<string, number>,
  set: Record<string, unknown>,
): Step {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds: string[] = [];
  Object.entries(counters).forEach(([name, value], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = value;
    adds.push(`#c${i} :c${i}`);
  });
  const sets: string[] = [];
  Object.entries(set).forEach(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  };
}

function deltaSteps(store: Store, branchId: string, deltas: Delta[]): Step[] {
  return deltas.map((delta) =>
    delta.inspector
      ? addStep(
          store,
          inspectorDayKey(branchId, delta.day, delta.inspector.staffId),
          delta.inspector.counters,
          {
            type: 'metrics-inspector-day',
            branchId,
            day: delta.day,
            staffId: delta.inspector.staffId,
            name: delta.inspector.name,
          },
        )
      : addStep(store, dayKey(branchId, delta.day), delta.counters, {
          type: 'metrics-day',
          branchId,
          day: delta.day,
        }),
  );
}

/** The figure deltas of one change, with the branch's time zone and settings. */
async function deltasOf(
  store: Store,
  record: ChangeRecord,
): Promise<{ branchId: string; deltas: Delta[] } | undefined> {
  const image = record.after ?? record.before;
  const type = typeof image?.type === 'string' ? image.type : '';
  const branchId = typeof image?.branchId === 'string' ? image.branchId : undefined;
  if (!branchId || !countedTypes.includes(type)) return undefined;
  const branch = await branchSettings(store, branchId);
  const policy = policyFor(branch.policy);
  const deltas = figureDeltas(record.before, record.after, {
    timeZone: branch.timeZone,
    inspectionRecordWithinMinutes: policy.inspectorKpi.recordWithinMinutes,
    callRecordedWithinHours: policy.followUp.windowCallRecordedWithinHours,
  });
  return deltas.length > 0 ? { branchId, deltas } : undefined;
}

/**
 * Applies one change once. Returns what happened; throws on a store error (the caller reports
 * the record as failed and the stream delivers it again).
 */
export async function applyChange(
  store: Store,
  record: ChangeRecord,
  now = clock().now(),
): Promise<keyof AggregateReport> {
  const found = await deltasOf(store, record);
  if (!found) return 'skipped';
  try {
    await transact(store, [
      markerStep(store, found.branchId, record, now),
      ...deltaSteps(store, found.branchId, found.deltas),
    ]);
    return 'applied';
  } catch (error) {
    if (error instanceof AlreadyApplied) return 'repeated';
    throw error;
  }
}

/**
 * Applies a batch in order. On the first failure it stops and names that record, so the source
 * delivers it and the ones after it again (the Lambda's ReportBatchItemFailures contract); the
 * ones before it are not repeated, and any that are add nothing (markers).
 */
export async function aggregate(
  store: Store,
  records: readonly ChangeRecord[],
): Promise<AggregateReport & { failedId?: string }> {
  const report: AggregateReport = { applied: 0, skipped: 0, repeated: 0 };
  for (const record of records) {
    try {
      report[await applyChange(store, record)]++;
    } catch (error) {
      logger.error('metrics: change not applied', { recordId: record.id, error });
      return { ...report, failedId: record.id };
    }
  }
  return report;
}
