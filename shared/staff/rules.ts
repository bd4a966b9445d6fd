import { type Actor, type Role, worksAt } from '../kernel/access';
import { type FieldIssue, ForbiddenError, ValidationError, VersionConflictError } from '../kernel/errors';

/**
 * Rules of staff records (R-ACC-2, R-ACC-3, R-HR-1): what a record may hold, who may sign in,
 * and who may read or change whose record. Pure functions of data; the store and the handlers
 * call them, the unit tests table them.
 */

/** Employment status of R-HR-1. */
export const staffStatuses = ['probation', 'regular', 'suspended', 'left'] as const;
export type StaffStatus = (typeof staffStatuses)[number];

/** The branch list of chain-wide staff (HQ, admin): every branch, now and later. */
const everyBranch = '*';

/** Roles that work across the chain rather than inside a branch. */
const chainRoles: readonly Role[] = ['hq', 'admin'];

/**
 * A transaction holds at most 100 items; an update writes the record, the log entry and up to
 * three items per branch (check, membership put, membership delete), so a person's branch list
 * stays well inside that.
 */
export const maxStaffBranches = 20;

/** The fields the record rules look at. */
export interface StaffShape {
  roles: readonly Role[];
  branches: readonly string[];
  contractStart?: string | undefined;
  contractEnd?: string | undefined;
  probationEnd?: string | undefined;
}

/** The fields the access rules look at. */
export interface StaffAccessView {
  id?: string;
  roles: readonly Role[];
  branches: readonly string[];
  status?: StaffStatus;
}

function duplicates(values: readonly string[], field: string, what: string): FieldIssue[] {
  return values
    .map((value, i) =>
      values.indexOf(value) < i
        ? { path: `${field}.${i}`, message: `${what} ${value} is listed twice` }
        : undefined,
    )
    .filter((issue): issue is FieldIssue => issue !== undefined);
}

/**
 * Whole-record rules that a field schema cannot see on its own. Paths are relative to the record
 * (`branches`, `roles.1`); callers prefix them with where the record came from (`body`).
 * Run on the merged record of an update too, so a PATCH of one field cannot break another.
 */
export function staffIssues(staff: StaffShape): FieldIssue[] {
  const issues = [
    ...duplicates(staff.roles, 'roles', 'Role'),
    ...duplicates(staff.branches, 'branches', 'Branch'),
  ];
  if (staff.branches.includes(everyBranch)) {
    if (staff.branches.length > 1) {
      issues.push({ path: 'branches', message: "'*' (every branch) stands alone; list no branch beside it" });
    }
    const branchHeld = staff.roles.filter((r) => !chainRoles.includes(r));
    if (branchHeld.length > 0) {
      issues.push({
        path: 'branches',
        message: `Only hq and admin staff work at every branch ('*'); ${branchHeld.join(', ')} works at named branches`,
      });
    }
  }
  const { contractStart, contractEnd, probationEnd } = staff;
  // ISO dates (YYYY-MM-DD) order as strings.
  if (contractStart && contractEnd && contractEnd <= contractStart) {
    issues.push({ path: 'contractEnd', message: `The contract must end after it starts (${contractStart})` });
  }
  if (contractStart && probationEnd && probationEnd <= contractStart) {
    issues.push({
      path: 'probationEnd',
      message: `Probation must end after the contract starts (${contractStart})`,
    });
  }
  if (contractEnd && probationEnd && probationEnd > contractEnd) {
    issues.push({
      path: 'probationEnd',
      message: `Probation cannot end after the contract (${contractEnd})`,
    });
  }
  return issues;
}

/** Suspended staff and those who left get no token (R-HR-1, R-HR-4); the token issuer asks this. */
export function canSignIn(staff: { status: StaffStatus }): boolean {
  return staff.status === 'probation' || staff.status === 'regular';
}

function rolesText(actor: Actor): string {
  return actor.roles.join(', ') || 'none';
}

function outside(actor: Actor, branches: readonly string[]): string[] {
  return branches.filter((b) => b === everyBranch || !worksAt(actor, b));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/**
 * Who may create (`current` undefined) or change a staff record (R-ACC-3): admin anywhere; hr
 * only for people all of whose branches, before and after, are branches the hr person works at,
 * never granting hq, admin or every branch, and never their own roles, branches or status
 * (nobody widens their own access). Returns why not, or undefined when allowed.
 */
export function staffWriteDenial(
  actor: Actor,
  next: StaffAccessView,
  current?: StaffAccessView,
): string | undefined {
  if (actor.roles.includes('admin')) return undefined;
  if (!actor.roles.includes('hr')) {
    return `Creating or changing staff needs the role admin or hr; you hold ${rolesText(actor)}`;
  }
  if (current?.roles.some((r) => chainRoles.includes(r))) {
    return 'Only an admin may change hq or admin staff';
  }
  const granted = next.roles.filter((r) => chainRoles.includes(r));
  if (granted.length > 0) return `Only an admin may grant the role ${granted.join(', ')}`;
  if (next.branches.includes(everyBranch)) return "Only an admin may grant every branch ('*')";
  const notMineBefore = current ? outside(actor, current.branches) : [];
  if (notMineBefore.length > 0) {
    return `This person works at branch ${notMineBefore.join(', ')}, where you do not work; ask its hr or an admin`;
  }
  const notMine = outside(actor, next.branches);
  if (notMine.length > 0) {
    return `You do not work at branch ${notMine.join(', ')}; only its hr or an admin may place staff there`;
  }
  if (current && current.id === actor.staffId) {
    const own =
      !sameList(current.roles, next.roles) ||
      !sameList(current.branches, next.branches) ||
      current.status !== next.status;
    if (own) return 'You may not change your own roles, branches or status; ask another hr or an admin';
  }
  return undefined;
}

/**
 * Who may read a staff record (R-ACC-3): admin and hq anyone; hr and supervisors only people
 * who share a branch with them (chain-wide staff share none).
 */
export function staffReadDenial(actor: Actor, target: StaffAccessView): string | undefined {
  if (actor.roles.some((r) => chainRoles.includes(r))) return undefined;
  if (!actor.roles.some((r) => r === 'hr' || r === 'supervisor')) {
    return `Reading staff records needs the role admin, hq, hr or supervisor; you hold ${rolesText(actor)}`;
  }
  const shared = target.branches.filter((b) => b !== everyBranch && worksAt(actor, b));
  if (shared.length === 0) {
    const where = target.branches.includes(everyBranch)
      ? 'every branch'
      : `branch ${target.branches.join(', ')}`;
    return `This person works at ${where}; you share no branch with them`;
  }
  return undefined;
}

export function authorizeStaffWrite(actor: Actor, next: StaffAccessView, current?: StaffAccessView): void {
  const reason = staffWriteDenial(actor, next, current);
  if (reason) throw new ForbiddenError(reason);
}

export function authorizeStaffRead(actor: Actor, target: StaffAccessView): void {
  const reason = staffReadDenial(actor, target);
  if (reason) throw new ForbiddenError(reason);
}

/** Staff who may work: suspended and departed staff receive no car, lead no team, get no duty. */
export const isActive = (member: { status: StaffStatus }) =>
  member.status !== 'suspended' && member.status !== 'left';

/**
 * Who an escalation goes to (R-PRG-1, R-FUP-4): an active supervisor of the branch, another person
 * than the one who let the duty lapse when there is one; the lowest staff id among equals, so
 * every attempt picks the same person.
 */
export function supervisorFor<M extends { id: string; roles: readonly string[]; status: StaffStatus }>(
  members: readonly M[],
  assignee: string | undefined,
): M | undefined {
  const supervisors = members
    .filter((m) => isActive(m) && m.roles.includes('supervisor'))
    .sort((a, b) => a.id.localeCompare(b.id));
  return supervisors.find((m) => m.id !== assignee) ?? supervisors[0];
}

/** R-HR-1: a staff record as written is valid, or a 400 naming each request field at fault. */
export function requireValidStaff(staff: StaffShape): void {
  const issues = staffIssues(staff);
  if (issues.length > 0) {
    throw new ValidationError(issues.map((i) => ({ path: `body.${i.path}`, message: i.message })));
  }
}

/** R-ACC-5: a change of a staff record applies on top of the version the caller read (409 otherwise). */
export function requireStaffVersion(read: number, current: number): void {
  if (current !== read) {
    throw new VersionConflictError(
      `You read version ${read} but the record is at version ${current}; reload and retry`,
      current,
    );
  }
}

/** The branches a person is a member of: chain-wide staff (`*`) have no membership. */
export function namedBranches(staff: { branches: readonly string[] }): string[] {
  return staff.branches.filter((b) => b !== everyBranch);
}

/**
 * R-HR-1: the memberships a change of branches writes: one in every branch listed now (rewritten,
 * so the projection follows the record), and the dropped ones deleted.
 */
export function membershipMoves(
  before: { branches: readonly string[] },
  after: { branches: readonly string[] },
): { write: string[]; drop: string[] } {
  const write = namedBranches(after);
  return { write, drop: namedBranches(before).filter((b) => !write.includes(b)) };
}
