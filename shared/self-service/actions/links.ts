import type { Actor } from '../../kernel/access';
import { defaultPolicy } from '../../kernel/policy';
import type { Store } from '../../platform/dynamo/client';
import { transact } from '../../platform/dynamo/records';
import { logger } from '../../platform/logger';
import { nowIso } from '../../platform/ports/clock';
import { hashToken } from '../../platform/ports/link-signer';
import {
  type LinkAction,
  LinkNotFoundError,
  linkRefusal,
  linkTokenPattern,
  rateWindow,
  TooManyRequestsError,
} from '../rules/links';
import type { Link, LinkPurpose } from '../schemas/links';
import {
  countCall,
  linkById,
  linkByTokenHash,
  linksOfRecord,
  revokeLinkSteps,
  spendLinkSteps,
} from '../store/links';

/** A link found by its token, with the token's hash (what its item is keyed by); never the token. */
export interface ResolvedLink extends Link {
  tokenHash: string;
}

const notFound = () => new LinkNotFoundError('This link is not known: check that it was copied whole');

/**
 * R-SELF-1: the link a public call carries, or the refusal. Calls are counted first, per token
 * hash and per source address (fixed windows of the policy), so guessing is throttled whether the
 * guesses hit or not; then the link is read (1 GetItem). An unknown or malformed token and a link
 * of another purpose are the same 404, so probing learns nothing. `action` (default `view`)
 * decides whether a spent link still serves. Nothing here logs or returns the token.
 */
export async function resolveLink(
  store: Store,
  input: {
    token: string | undefined;
    sourceIp: string | undefined;
    purposes: readonly LinkPurpose[];
    now: Date;
    action?: LinkAction;
  },
): Promise<ResolvedLink> {
  const policy = defaultPolicy.selfService;
  const window = rateWindow(input.now, defaultPolicy);
  const token = input.token?.trim();
  const wellFormed = token !== undefined && linkTokenPattern.test(token);
  const tokenHash = wellFormed ? hashToken(token) : undefined;
  const [bySource, byToken] = await Promise.all([
    countCall(store, {
      scope: 'source',
      hash: hashToken(`source:${input.sourceIp ?? 'unknown'}`),
      windowStart: window.start,
      ttl: window.ttl,
    }),
    tokenHash
      ? countCall(store, { scope: 'token', hash: tokenHash, windowStart: window.start, ttl: window.ttl })
      : Promise.resolve(0),
  ]);
  if (bySource > policy.callsPerSourcePerWindow || byToken > policy.callsPerTokenPerWindow) {
    logger.warn('self-service link calls throttled', { bySource, byToken });
    throw new TooManyRequestsError(`Too many calls; try again in ${window.retryAfter} s`, window.retryAfter);
  }
  if (!tokenHash) throw notFound();
  const link = await linkByTokenHash(store, tokenHash);
  if (!link || !input.purposes.includes(link.purpose)) throw notFound();
  const refusal = linkRefusal(link, input.action ?? 'view', input.now);
  if (refusal) throw refusal;
  return { ...link, tokenHash };
}

/**
 * R-SELF-1: the steps that spend an action link, for the action's own transaction. Conditional:
 * a replay (or a second tap racing the first) fails the whole transaction with 410 `link-spent`,
 * so it changes nothing.
 */
export function spendLinkStep(store: Store, link: ResolvedLink, at: string) {
  return spendLinkSteps(store, link, link.tokenHash, at);
}

/** R-SELF-1: a record's links for staff (never the token: it is not stored). */
export function listLinks(store: Store, branchId: string, record: Link['record']): Promise<Link[]> {
  return linksOfRecord(store, branchId, record);
}

/** R-SELF-1: staff withdraw a link; its next call is 410 `link-revoked`. */
export async function revokeLink(
  store: Store,
  branchId: string,
  linkId: string,
  actor: Actor,
): Promise<Link> {
  const { link, tokenHash } = await linkById(store, branchId, linkId);
  const at = nowIso();
  await transact(store, revokeLinkSteps(store, link, tokenHash, at));
  logger.info('self-service link revoked', { branchId, linkId, by: actor.staffId });
  return { ...link, revokedAt: at };
}
