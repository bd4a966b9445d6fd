import { ConflictError, NotFoundError } from '../../kernel/errors';
import type { Store } from '../../platform/dynamo/client';
import { fromItem, getRecord, type Item, type Key, type Step } from '../../platform/dynamo/records';
import type { Estimate } from '../schemas/estimate';
import type { EstimateRecord } from '../schemas/estimate-requests';

/**
 * Estimates (R-EST). `BR#<b>#EST#<id>` / `ESTIMATE`; register entry through the `register` index
 * (`BR#<b>#REG#estimate` → `<createdAt>#<id>`); change log in the customer's timeline. The use
 * cases are in shared/reception/actions/estimates.ts.
 */
const estimatePartition = (branchId: string, estimateId: string) => `BR#${branchId}#EST#${estimateId}`;
const estimateKey = (branchId: string, estimateId: string): Key => ({
  pk: estimatePartition(branchId, estimateId),
  sk: 'ESTIMATE',
});

export function estimateItem(estimate: Estimate): Item {
  return {
    ...estimateKey(estimate.branchId, estimate.id),
    type: 'estimate',
    gsi2pk: `BR#${estimate.branchId}#REG#estimate`,
    gsi2sk: `${estimate.createdAt}#${estimate.id}`,
    ...estimate,
  };
}

export async function getEstimate(store: Store, branchId: string, estimateId: string): Promise<Estimate> {
  const item = await getRecord(store, estimateKey(branchId, estimateId));
  if (!item) throw new NotFoundError(`Estimate ${estimateId} was not found in branch ${branchId}`);
  return fromItem<EstimateRecord>(item);
}

/**
 * The step that marks an estimate as turned into a repair order, in the order's creating
 * transaction; it fails (409) when the estimate changed or was already converted or declined.
 */
export function estimateConvertedStep(store: Store, estimate: Estimate, orderId: string, at: string): Step {
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key: estimateKey(estimate.branchId, estimate.id),
        UpdateExpression:
          'SET #status = :converted, orderId = :orderId, updatedAt = :at, #version = #version + :one',
        ConditionExpression: '#version = :version AND #status IN (:draft, :presented, :accepted, :declined)',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: {
          ':converted': 'converted',
          ':orderId': orderId,
          ':at': at,
          ':one': 1,
          ':version': estimate.version,
          ':draft': 'draft',
          ':presented': 'presented',
          ':accepted': 'accepted',
          ':declined': 'declined',
        },
      },
    },
    onConditionFailed: () =>
      new ConflictError(`Estimate ${estimate.id} changed, or was already turned into an order`),
  };
}
