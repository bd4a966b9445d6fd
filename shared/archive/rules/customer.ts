import type { CreateCustomer, Customer } from '../schemas/customer';
import { customerGaps, isArchiveComplete } from './completeness';

/** Who made a record and when: the stamps every new record carries (R-ACC-5). */
interface Stamps {
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * A new archive (R-ARC-1): the request with its normalized phones, the branch's language unless
 * the customer chose one, no marketing opt-out and no wishes unless given.
 */
export function newCustomer(input: {
  request: CreateCustomer;
  id: string;
  branchId: string;
  phones: Customer['phones'];
  branchLocale: Customer['locale'];
  stamps: Stamps;
}): Customer {
  const { request } = input;
  return {
    ...request,
    id: input.id,
    branchId: input.branchId,
    phones: input.phones,
    locale: request.locale ?? input.branchLocale,
    marketingOptOut: request.marketingOptOut ?? false,
    remindersOptOut: request.remindersOptOut ?? false,
    wishes: request.wishes ?? [],
    ...input.stamps,
  };
}

/**
 * A JSON merge patch (RFC 7396) of a stored record: the fields sent replace the stored ones, and
 * `null` clears one of the fields that may be cleared.
 */
export function mergePatch<T extends Record<string, unknown>>(
  current: T,
  changes: Record<string, unknown>,
  clearable: readonly string[],
): T {
  const next: Record<string, unknown> = { ...current, ...changes };
  for (const field of clearable) if (next[field] === null) delete next[field];
  return next as T;
}

/**
 * R-ARC-3: replacing a customer's phone list claims the numbers new to it and releases the
 * dropped ones, in the same transaction: no moment where a number belongs to two customers or to
 * none. Numbers kept are neither.
 */
export function phoneNumberChanges(
  before: readonly { number: string }[],
  after: readonly { number: string }[],
): { claim: string[]; release: string[] } {
  const oldNumbers = new Set(before.map((p) => p.number));
  const newNumbers = new Set(after.map((p) => p.number));
  return {
    claim: [...newNumbers].filter((n) => !oldNumbers.has(n)),
    release: [...oldNumbers].filter((n) => !newNumbers.has(n)),
  };
}

/**
 * R-FUP-1: a new designated follow-up agent takes over the customer's open duties from the one
 * before; none to hand over when there was no agent, or the agent stays.
 */
export function dutyHandOver(previous: unknown, next: unknown): { from: string; to: string } | undefined {
  if (typeof previous === 'string' && typeof next === 'string' && previous !== next) {
    return { from: previous, to: next };
  }
  return undefined;
}

/**
 * R-ARC-2: the customer's own fields are all filled in, so their archive may be complete (when
 * one of their cars is): only then is it worth reading the duty and the cars.
 */
export function customerFieldsComplete(customer: Customer): boolean {
  return customerGaps(customer).length === 0;
}

/** R-ARC-2: the archive duty is cancelled while it waits, once the archive is complete. */
export function cancelsArchiveDuty(
  dutyStatus: string,
  customer: Customer,
  vehicles: Parameters<typeof isArchiveComplete>[1],
): boolean {
  return dutyStatus === 'pending' && isArchiveComplete(customer, vehicles);
}
