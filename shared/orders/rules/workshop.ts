import type { Actor } from '../../kernel/access';
import { ConflictError, ForbiddenError, RuleViolationError, ValidationError } from '../../kernel/errors';
import { isActive } from '../../staff/rules';
import type { StaffMember } from '../../staff/schemas';
import type { Order, StaffRef } from '../schemas/order';
import { utc } from './promise';

/**
 * Pure rules of the workshop (R-RO-4, R-WS-2, R-WS-4, R-WS-5): who may receive a car, which team
 * takes it, who asks for parts and who finishes. Data in (the order, the branch's staff already
 * read, the clock's `now`), a decision or a domain error out; the actions write what they decide.
 */

type Team = Order['teams'][number];

/** A team (named after its lead, R-WS-2) and its open jobs: orders assigned and not yet done. */
export interface TeamLoad {
  teamId: string;
  teamName: string;
  open: number;
}

/**
 * R-WS-2 ("jobs are assigned to teams evenly"): the `count` teams with the fewest open jobs,
 * leaving out `exclude` (teams already on the order). Ties go to the lower team id, so teams of
 * equal load take turns as jobs come in.
 */
export function leastLoadedTeams(
  teams: readonly TeamLoad[],
  count = 1,
  exclude: readonly string[] = [],
): TeamLoad[] {
  return teams
    .filter((t) => !exclude.includes(t.teamId))
    .toSorted((a, b) => a.open - b.open || (a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0))
    .slice(0, count);
}

/** The branch's teams with their open jobs (R-WS-2): a team is an active member holding `team-lead`. */
export function teamsOf(members: readonly StaffMember[], loads: ReadonlyMap<string, number>): TeamLoad[] {
  return members
    .filter((m) => m.roles.includes('team-lead') && isActive(m))
    .map((m) => ({ teamId: m.id, teamName: m.name, open: loads.get(m.id) ?? 0 }));
}

/**
 * R-RO-4 "時間要精確到十分鍾": the receipt time is exact to 10 minutes. The receiver signs as the
 * car is handed over and the advisor records it then, so a time typed by hand may differ from
 * the clock by at most the tolerance, either way (a late entry, or a device clock ahead).
 * Without a time given, the receipt is now.
 */
export function receiptTime(given: string | undefined, now: string, toleranceMinutes: number): string {
  if (!given) return now;
  const receivedAt = utc(given);
  if (Math.abs(Date.parse(receivedAt) - Date.parse(now)) > toleranceMinutes * 60_000) {
    throw new RuleViolationError(
      `receivedAt ${receivedAt} is more than ${toleranceMinutes} minutes from now (${now}); the receipt time is recorded when the car is received, to within ${toleranceMinutes} minutes (R-RO-4)`,
      'R-RO-4',
    );
  }
  return receivedAt;
}

export interface TransferRequest {
  receivedBy: string;
  receivedAt?: string | undefined;
  mode: 'single_team' | 'multi_team';
  teamId?: string | undefined;
}

export interface TransferDecision {
  /** The dispatcher who received the car. */
  receiver: StaffMember;
  /** When the car was received: the job duration 工期 starts here (R-PRG-1). */
  receivedAt: string;
  /** The team a single-team job goes to at once; none for a multi-team job (R-RO-4). */
  team?: TeamLoad;
}

/**
 * R-RO-4: the washed car goes to the workshop with its order, once the handover is recorded
 * (R-RO-3); an active dispatcher of the branch receives it, at a time recorded to within the
 * tolerance. A single-team job goes to a team at once, the least loaded one unless one is chosen
 * (R-WS-2); a multi-team job goes to the workshop's dispatcher, who assigns the teams.
 * `members` are the branch's staff; `loads` the open jobs per team (only a single-team job needs them).
 */
export function transferDecision(input: {
  order: Pick<Order, 'branchId' | 'handover'>;
  request: TransferRequest;
  members: readonly StaffMember[];
  loads: ReadonlyMap<string, number>;
  now: string;
  toleranceMinutes: number;
}): TransferDecision {
  const { order, request, members } = input;
  if (!order.handover) {
    throw new RuleViolationError(
      'Record the handover (R-RO-3) before the car goes to the workshop',
      'R-RO-4',
    );
  }
  const receivedAt = receiptTime(request.receivedAt, input.now, input.toleranceMinutes);
  const receiver = members.find((m) => m.id === request.receivedBy);
  if (!receiver?.roles.includes('dispatcher') || !isActive(receiver)) {
    throw new ValidationError([
      {
        path: 'body.receivedBy',
        message: `No active dispatcher ${request.receivedBy} works at branch ${order.branchId}`,
      },
    ]);
  }
  if (request.mode !== 'single_team') return { receiver, receivedAt };
  const teams = teamsOf(members, input.loads);
  const team = request.teamId ? teams.find((t) => t.teamId === request.teamId) : leastLoadedTeams(teams)[0];
  if (!team) {
    throw request.teamId
      ? new ValidationError([
          {
            path: 'body.teamId',
            message: `No active team lead ${request.teamId} works at branch ${order.branchId}`,
          },
        ])
      : new RuleViolationError(
          `Branch ${order.branchId} has no team: no active staff holds team-lead`,
          'R-WS-2',
        );
  }
  return { receiver, receivedAt, team };
}

/**
 * R-WS-2: the dispatcher sets the teams of an order (the list after the call). New teams must be
 * active team leads of the branch; a team whose work is done stays on the order, and at least one
 * team left has work to do (R-WS-4). The teams in `teamIds`' order, those added and those taken off.
 */
export function teamsAssigned(input: {
  order: Pick<Order, 'branchId' | 'teams'>;
  teamIds: readonly string[];
  members: readonly StaffMember[];
  by: StaffRef;
  now: string;
}): { next: Team[]; added: Team[]; removed: Team[] } {
  const { order, teamIds } = input;
  const teams = teamsOf(input.members, new Map());
  const current = new Map(order.teams.map((t) => [t.teamId, t]));
  const removed = order.teams.filter((t) => !teamIds.includes(t.teamId));
  const done = removed.find((t) => t.doneAt);
  if (done) {
    throw new RuleViolationError(
      `Team ${done.teamName} has finished its work on this order; it stays on it`,
      'R-WS-4',
    );
  }
  const added = teamIds
    .filter((id) => !current.has(id))
    .map((id): Team => {
      const team = teams.find((t) => t.teamId === id);
      if (!team) {
        throw new ValidationError([
          {
            path: `body.teamIds.${teamIds.indexOf(id)}`,
            message: `No active team lead ${id} works at branch ${order.branchId}`,
          },
        ]);
      }
      return { teamId: id, teamName: team.teamName, assignedAt: input.now, assignedBy: input.by };
    });
  const next = teamIds
    .map((id) => current.get(id) ?? added.find((t) => t.teamId === id))
    .filter((t): t is Team => t !== undefined);
  if (next.every((t) => t.doneAt)) {
    throw new RuleViolationError(
      'Every team left on the order has finished; keep a team at work, or let it mark its work done',
      'R-WS-4',
    );
  }
  return { next, added, removed };
}

/**
 * R-WS-5: the team a parts request is for: a team lead's own, or the one a dispatcher names; it
 * has to be at work on this order.
 */
export function partsRequestTeam(
  order: Pick<Order, 'teams'>,
  requestedTeamId: string | undefined,
  actor: Pick<Actor, 'staffId' | 'roles'>,
): Team {
  const teamId = requestedTeamId ?? (actor.roles.includes('team-lead') ? actor.staffId : undefined);
  if (!teamId)
    throw new ValidationError([{ path: 'body.teamId', message: 'Name the team the parts are for' }]);
  if (teamId !== actor.staffId && !actor.roles.includes('dispatcher')) {
    throw new ForbiddenError(
      'A team lead asks for parts for their own team; the dispatcher may ask for any team',
    );
  }
  const team = order.teams.find((t) => t.teamId === teamId && !t.doneAt);
  if (!team) {
    throw new ValidationError([
      { path: 'body.teamId', message: `Team ${teamId} is not at work on this order (R-WS-5)` },
    ]);
  }
  return team;
}

/** R-WS-5: the parts request the clerk hands over: one of the order's, not delivered yet. */
export function deliverableRequest(
  order: Pick<Order, 'partsRequests'>,
  requestId: string,
): Order['partsRequests'][number] {
  const request = order.partsRequests.find((r) => r.id === requestId);
  if (!request) {
    throw new ValidationError([
      { path: 'body.requestId', message: `The order has no parts request ${requestId}` },
    ]);
  }
  if (request.status === 'delivered') {
    throw new ConflictError(
      `Parts request ${request.id} was delivered at ${request.deliveredAt ?? 'an earlier time'}`,
    );
  }
  return request;
}

/** R-WS-4: which team finishes: a team lead finishes their own team; a dispatcher names the team. */
export function finishingTeam(
  requestedTeamId: string | undefined,
  actor: Pick<Actor, 'staffId' | 'roles'>,
): string {
  const dispatcher = actor.roles.includes('dispatcher');
  const teamId = requestedTeamId ?? (actor.roles.includes('team-lead') ? actor.staffId : undefined);
  if (!teamId) throw new ValidationError([{ path: 'body.teamId', message: 'Name the team that finished' }]);
  if (teamId !== actor.staffId && !dispatcher) {
    throw new ForbiddenError(
      'A team lead marks the work of their own team done; the dispatcher may mark any team',
    );
  }
  return teamId;
}

/**
 * R-WS-4: a team of the order marks its work done; `last` when every team on the order is then
 * done (the car goes to the inspector's queue). Refused while an add-on waits for the customer
 * (R-ADD-1) and while a parts request of the team is not delivered (for the last team, any
 * request of the order, R-WS-5): the car cannot be finished with parts on the way.
 */
export function workDone(
  order: Pick<Order, 'teams' | 'addOns' | 'partsRequests'>,
  teamId: string,
): { team: Team; last: boolean } {
  const team = order.teams.find((t) => t.teamId === teamId);
  if (!team) {
    throw new RuleViolationError(
      order.teams.length === 0
        ? 'No team is assigned to this order yet; the dispatcher assigns the teams first'
        : `Team ${teamId} is not assigned to this order; its teams are ${order.teams.map((t) => t.teamName).join(', ')}`,
      'R-WS-4',
    );
  }
  if (team.doneAt) throw new ConflictError(`Team ${team.teamName} marked its work done at ${team.doneAt}`);
  const pendingAddOn = order.addOns.find((a) => a.status === 'pending');
  if (pendingAddOn) {
    throw new RuleViolationError(`Add-on item ${pendingAddOn.id} waits for the customer's answer`, 'R-ADD-1');
  }
  const last = order.teams.every((t) => t === team || t.doneAt);
  const open = order.partsRequests.filter(
    (r) => r.status !== 'delivered' && (last || (r.teamId ?? r.requestedBy.staffId) === teamId),
  );
  if (open.length > 0) {
    throw new RuleViolationError(
      `Parts request(s) ${open.map((r) => r.id).join(', ')} are not delivered yet (R-WS-5)`,
      'R-WS-5',
    );
  }
  return { team, last };
}
