import { ConflictError } from '../kernel/errors';
import type { Store } from '../platform/dynamo/client';
import {
  fromItem,
  getConsistentRecord,
  type Key,
  putStep,
  queryPage,
  type Step,
} from '../platform/dynamo/records';
import type { ChainReply, InboundSms } from './schemas';

/**
 * Keys of customers' SMS replies (R-SELF-3, R-X-3):
 * - `INBOUND#<inboundMessageId>` / `INBOUND`: the guard of one inbound message, put with
 *   `attribute_not_exists` in the transaction that handles it, so SNS delivering it twice acts once;
 * - `CHAIN#REPLIES` / `<receivedAt>#<id>`: a reply from a phone no branch knows, in the chain-level
 *   queue HQ reads.
 */
const inboundGuardKey = (messageId: string): Key => ({ pk: `INBOUND#${messageId}`, sk: 'INBOUND' });

/** The inbound message was handled before (SNS is at-least-once). */
export class DuplicateInboundError extends ConflictError {}

export async function inboundHandled(store: Store, messageId: string): Promise<boolean> {
  return (await getConsistentRecord(store, inboundGuardKey(messageId))) !== undefined;
}

export function inboundGuardStep(store: Store, message: InboundSms, at: string): Step {
  return putStep(
    store,
    {
      ...inboundGuardKey(message.inboundMessageId),
      type: 'inbound-guard',
      from: message.originationNumber,
      at,
    },
    {
      expression: 'attribute_not_exists(pk)',
      onConditionFailed: () =>
        new DuplicateInboundError(`inbound message ${message.inboundMessageId} was handled`),
    },
  );
}

const chainRepliesPartition = 'CHAIN#REPLIES';

export function chainReplyStep(
  store: Store,
  message: InboundSms,
  id: string,
  at: string,
  outcome: string,
): Step {
  return putStep(store, {
    pk: chainRepliesPartition,
    sk: `${at}#${id}`,
    type: 'chain-reply',
    id,
    from: message.originationNumber,
    to: message.destinationNumber,
    text: message.messageBody,
    providerMessageId: message.inboundMessageId,
    outcome,
    receivedAt: at,
  });
}

/** R-SELF-3: the chain-level queue of replies no branch knows, newest first: one Query a page. */
export async function chainReplies(
  store: Store,
  input: { limit: number; cursor?: string | undefined },
): Promise<{ items: ChainReply[]; nextCursor?: string }> {
  const page = await queryPage(store, {
    partition: chainRepliesPartition,
    limit: input.limit,
    cursor: input.cursor,
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': chainRepliesPartition },
    ScanIndexForward: false,
  });
  return {
    items: page.items.map((i) => {
      const {
        pk: _pk,
        sk: _sk,
        type: _type,
        ...reply
      } = fromItem<ChainReply & { pk: string; sk: string; type: string }>(i);
      return reply;
    }),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
