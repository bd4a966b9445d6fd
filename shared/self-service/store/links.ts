import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../../kernel/errors';
import type { Store } from '../../platform/dynamo/client';
import { fromItem, getRecord, type Key, putStep, type Step } from '../../platform/dynamo/records';
import { LinkRevokedError, LinkSpentError } from '../rules/links';
import type { Link } from '../schemas/links';

/**
 * Self-service links (R-SELF-1). The token is never stored:
 *
 * - `LINK#<sha256(token)>` / `LINK`: the link, what a public route reads with the token's hash
 *   (1 GetItem). Its expiry is `linkExpiresAt` (ISO); `expiresAt` is the table's TTL (epoch s,
 *   some days after the expiry).
 * - `BR#<b>#LINKS` / `<kind>#<recordId>#<linkId>`: the same link under its branch with the
 *   token's hash, so staff list a record's links in 1 Query and revoke one; `lookup`
 *   (`BR#<b>#LINK#<linkId>` → `LINK`) finds it by id.
 * - `RATE#<scope>#<hash>` / `<window start>`: a fixed-window call counter with TTL (per token
 *   hash and per source address hash).
 */
const linkKey = (tokenHash: string): Key => ({ pk: `LINK#${tokenHash}`, sk: 'LINK' });
const pointerKey = (link: Pick<Link, 'branchId' | 'record' | 'linkId'>): Key => ({
  pk: `BR#${link.branchId}#LINKS`,
  sk: `${link.record.kind}#${link.record.id}#${link.linkId}`,
});

/** The stored item of a link: its fields with the expiry renamed, since `expiresAt` is the table's TTL. */
function linkFields(link: Link, ttl: number): Record<string, unknown> {
  const { expiresAt, ...rest } = link;
  return { ...rest, linkExpiresAt: expiresAt, expiresAt: ttl };
}

function toLink(item: Record<string, unknown>): Link {
  const {
    linkExpiresAt,
    expiresAt: _ttl,
    tokenHash: _hash,
    ...rest
  } = fromItem<Record<string, unknown>>(item);
  return { ...(rest as Omit<Link, 'expiresAt'>), expiresAt: String(linkExpiresAt) };
}

/**
 * R-SELF-1: the steps that issue a link, for the transaction that files its SMS (so the link
 * exists exactly once per letter). A repeated link id is a 409 (the letter's guard comes first).
 */
export function issueLinkSteps(store: Store, input: { link: Link; tokenHash: string; ttl: number }): Step[] {
  const { link, tokenHash, ttl } = input;
  const fields = linkFields(link, ttl);
  const exists = () => new ConflictError(`link ${link.linkId} exists`);
  return [
    putStep(
      store,
      { ...linkKey(tokenHash), type: 'link', ...fields },
      { expression: 'attribute_not_exists(pk)', onConditionFailed: exists },
    ),
    putStep(
      store,
      {
        ...pointerKey(link),
        type: 'link-pointer',
        gsi1pk: `BR#${link.branchId}#LINK#${link.linkId}`,
        gsi1sk: 'LINK',
        tokenHash,
        ...fields,
      },
      { expression: 'attribute_not_exists(pk)', onConditionFailed: exists },
    ),
  ];
}

/** The link a token's hash names, or `undefined` (1 GetItem, strongly consistent: a spend shows at once). */
export async function linkByTokenHash(store: Store, tokenHash: string): Promise<Link | undefined> {
  const item = await getRecord(store, linkKey(tokenHash));
  return item ? toLink(item) : undefined;
}

/** R-SELF-1: the links of one record of a branch, newest first (1 Query). */
export async function linksOfRecord(store: Store, branchId: string, record: Link['record']): Promise<Link[]> {
  const answer = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `BR#${branchId}#LINKS`, ':prefix': `${record.kind}#${record.id}#` },
      ScanIndexForward: false,
    }),
  );
  return (answer.Items ?? []).map(toLink);
}

/** A link of a branch by its id, with its token's hash (1 Query of `lookup`); 404 when unknown. */
export async function linkById(
  store: Store,
  branchId: string,
  linkId: string,
): Promise<{ link: Link; tokenHash: string }> {
  const answer = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'lookup',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
      ExpressionAttributeValues: { ':pk': `BR#${branchId}#LINK#${linkId}`, ':sk': 'LINK' },
    }),
  );
  const item = answer.Items?.[0];
  if (!item) throw new NotFoundError(`Link ${linkId} was not found in branch ${branchId}`);
  return { link: toLink(item), tokenHash: String(item.tokenHash) };
}

function setStep(
  store: Store,
  key: Key,
  set: Record<string, string>,
  condition?: { expression: string; onConditionFailed: NonNullable<Step['onConditionFailed']> },
): Step {
  const names: Record<string, string> = { '#spentAt': 'spentAt', '#revokedAt': 'revokedAt' };
  const used = (name: string) =>
    Object.keys(set).includes(name.slice(1)) || condition?.expression.includes(name);
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key: key,
        UpdateExpression: `SET ${Object.keys(set)
          .map((k) => `#${k} = :${k}`)
          .join(', ')}`,
        ConditionExpression: condition
          ? `attribute_exists(pk) AND ${condition.expression}`
          : 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(Object.entries(names).filter(([n]) => used(n))),
        ExpressionAttributeValues: Object.fromEntries(Object.entries(set).map(([k, v]) => [`:${k}`, v])),
      },
    },
    ...(condition ? { onConditionFailed: condition.onConditionFailed } : {}),
  };
}

/**
 * R-SELF-1: spending an action link, conditional on its not being spent or revoked, so a replay
 * (or two taps at once) changes nothing: the transaction it belongs to fails whole with 410.
 */
export function spendLinkSteps(store: Store, link: Link, tokenHash: string, at: string): Step[] {
  return [
    setStep(
      store,
      linkKey(tokenHash),
      { spentAt: at },
      {
        expression: 'attribute_not_exists(#spentAt) AND attribute_not_exists(#revokedAt)',
        onConditionFailed: (stored) =>
          stored?.revokedAt
            ? new LinkRevokedError('The shop withdrew this link; ask the shop for a new one')
            : new LinkSpentError('This link was already used'),
      },
    ),
    setStep(store, pointerKey(link), { spentAt: at }),
  ];
}

/** R-SELF-1: revoking a link; revoking twice is a 409 naming the first. */
export function revokeLinkSteps(store: Store, link: Link, tokenHash: string, at: string): Step[] {
  const already = () => new ConflictError(`Link ${link.linkId} was already revoked`);
  return [
    setStep(
      store,
      linkKey(tokenHash),
      { revokedAt: at },
      { expression: 'attribute_not_exists(#revokedAt)', onConditionFailed: already },
    ),
    setStep(
      store,
      pointerKey(link),
      { revokedAt: at },
      { expression: 'attribute_not_exists(#revokedAt)', onConditionFailed: already },
    ),
  ];
}

/**
 * R-SELF-1: counts one call in a fixed window (1 UpdateItem, ADD): the count after this call. The
 * counter is keyed by a hash (of the token, of the source address), never the value itself.
 */
export async function countCall(
  store: Store,
  input: { scope: 'token' | 'source'; hash: string; windowStart: number; ttl: number },
): Promise<number> {
  const answer = await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: { pk: `RATE#${input.scope}#${input.hash}`, sk: String(input.windowStart) },
      UpdateExpression: 'ADD #calls :one SET #ttl = :ttl, #type = :type',
      ExpressionAttributeNames: { '#calls': 'calls', '#ttl': 'expiresAt', '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':ttl': input.ttl, ':type': 'rate' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(answer.Attributes?.calls ?? 1);
}
