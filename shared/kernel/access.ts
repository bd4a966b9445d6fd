import { ForbiddenError } from './errors';

/**
 * Roles of R-ACC-2. One person may hold several. The seed's names are beside each.
 * Roles travel in the token as Cognito groups (`cognito:groups`).
 */
export const roles = [
  'advisor', // 業務接待 service advisor
  'follow-up', // 跟蹤業務員 follow-up agent
  'supervisor', // 業務主管 business supervisor
  'dispatcher', // 車間調度 workshop dispatcher
  'team-lead', // 班組 team lead
  'inspector', // 檢驗員 inspector
  'cashier', // 結算員 cashier
  'parts-clerk', // 配件部 parts clerk
  'hr', // 辦公室 HR / office
  'hq', // 總部 HQ analyst
  'admin',
] as const;
export type Role = (typeof roles)[number];

/** Every role that works inside a branch (everyone but HQ and admin). */
export const branchRoles: readonly Role[] = roles.filter((r) => r !== 'hq' && r !== 'admin');

/** Who is calling, from the verified token (R-ACC-1..3). */
export interface Actor {
  staffId: string;
  login: string;
  name: string;
  roles: Role[];
  /** Branch ids the person works at; `'*'` for chain-wide staff (HQ, admin). */
  branches: string[] | '*';
}

/** The roles that work chain-wide: only they may hold every branch (`'*'`). */
const chainWideRoles: readonly Role[] = ['hq', 'admin'];

/** True when the actor holds `'*'` without a chain-wide role: a token no trigger of ours issues. */
function holdsEveryBranchWithoutRight(actor: Actor): boolean {
  return actor.branches === '*' && !actor.roles.some((r) => chainWideRoles.includes(r));
}

export function worksAt(actor: Actor, branchId: string): boolean {
  if (actor.branches === '*') return !holdsEveryBranchWithoutRight(actor);
  return actor.branches.includes(branchId);
}

/**
 * The one access rule of every route (R-ACC-3): the caller holds one of the route's roles and,
 * for branch data, works at that branch; only HQ and admin may hold every branch. A denial says
 * why and happens before anything is read or written.
 */
export function authorize(actor: Actor, allowed: readonly Role[], branchId: string | undefined): void {
  if (!actor.roles.some((r) => allowed.includes(r))) {
    throw new ForbiddenError(
      `This needs one of the roles ${allowed.join(', ')}; you hold ${actor.roles.join(', ') || 'none'}`,
    );
  }
  // The pre-token trigger gives '*' to HQ and admin only; the check does not rely on that.
  if (holdsEveryBranchWithoutRight(actor)) {
    throw new ForbiddenError(
      `Every branch ('*') is for HQ and admin only; you hold ${actor.roles.join(', ') || 'no role'}: sign in again for a token naming your branches`,
    );
  }
  if (branchId !== undefined && !worksAt(actor, branchId)) {
    throw new ForbiddenError(`You do not work at branch ${branchId}; its records are closed to you`);
  }
}
