import { customerPartition, getCustomer } from '../../archive/store/customers';
import { NotFoundError } from '../../kernel/errors';
import type { Store } from '../../platform/dynamo/client';
import { fromItem, getRecord, type Item, type Key, queryPage } from '../../platform/dynamo/records';
import { registerPartition } from '../../registers/store';
import type { Call } from '../schemas';

/**
 * The call record 跟蹤服務電話記錄表 and the call register 跟蹤服務電話登記表 (R-FUP-4, R-FUP-6).
 * Every call, outgoing follow-up or incoming consultation and complaint, is one record:
 * `BR#<b>#CALL#<id>` / `CALL`, in the branch's call register (`register`: `BR#<b>#REG#call` →
 * `<at>#<id>`) and in the customer's list of calls (`lookup`: `BR#<b>#CUS#<c>#CALLS` →
 * `<at>#<id>`), with an entry on the customer's timeline (R-ARC-4).
 */
const callKey = (branchId: string, id: string): Key => ({
  pk: `BR#${branchId}#CALL#${id}`,
  sk: 'CALL',
});
const customerCallsPartition = (branchId: string, customerId: string) =>
  `${customerPartition(branchId, customerId)}#CALLS`;

export function callItem(call: Call): Item {
  return {
    ...callKey(call.branchId, call.id),
    type: 'call',
    gsi1pk: customerCallsPartition(call.branchId, call.customerId),
    gsi1sk: `${call.at}#${call.id}`,
    gsi2pk: registerPartition(call.branchId, 'call'),
    gsi2sk: `${call.at}#${call.id}`,
    ...call,
  };
}

export async function getCall(store: Store, branchId: string, id: string): Promise<Call> {
  const item = await getRecord(store, callKey(branchId, id));
  if (!item) throw new NotFoundError(`Call ${id} was not found`);
  return fromItem<Call>(item);
}

/** A customer's calls, newest first. */
export async function listCustomerCalls(
  store: Store,
  branchId: string,
  customerId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: Call[]; nextCursor?: string }> {
  const partition = customerCallsPartition(branchId, customerId);
  const page = await queryPage(store, {
    IndexName: 'lookup',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': partition },
    ScanIndexForward: false,
    partition,
    limit: options.limit,
    cursor: options.cursor,
  });
  // An empty first page tells a customer without calls from a customer not on file (404).
  if (page.items.length === 0 && !options.cursor) await getCustomer(store, branchId, customerId);
  return { ...page, items: page.items.map((i) => fromItem<Call>(i)) };
}
