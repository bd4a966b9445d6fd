import { describe, expect, it } from 'vitest';
import type { Role } from '../../shared/kernel/access';
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  RuleViolationError,
  ValidationError,
} from '../../shared/kernel/errors';
import {
  deliverableRequest,
  finishingTeam,
  partsRequestTeam,
  teamsAssigned,
  workDone,
} from '../../shared/orders/rules/workshop';
import type { Order } from '../../shared/orders/schemas/order';
import type { StaffMember } from '../../shared/staff/schemas';

const now = '2031-06-11T02:10:00.000Z';
const earlier = '2031-06-11T01:00:00.000Z';
const dispatcherRef = { staffId: 'DISPATCHER', name: 'Dina' };

type Team = Order['teams'][number];
type PartsRequest = Order['partsRequests'][number];
const team = (teamId: string, doneAt?: string): Team => ({
  teamId,
  teamName: `Team ${teamId}`,
  assignedAt: earlier,
  assignedBy: dispatcherRef,
  ...(doneAt ? { doneAt } : {}),
});
const partsRequest = (id: string, teamId: string, status: PartsRequest['status']): PartsRequest => ({
  id,
  items: [{ description: 'Brake pads', quantity: 1 }],
  requestedBy: { staffId: teamId, name: `Team ${teamId}` },
  teamId,
  teamName: `Team ${teamId}`,
  requestedAt: earlier,
  status,
  ...(status === 'delivered' ? { deliveredAt: now } : {}),
});
const pendingAddOn = {
  id: 'ADDON-1',
  description: 'Wiper blades',
  reason: 'Worn',
  lines: [],
  price: 0,
  extraMinutes: 0,
  safetyRelated: false,
  raisedBy: { staffId: 'A', name: 'A' },
  raisedAt: earlier,
  status: 'pending' as const,
};

const lead = (id: string, status: StaffMember['status'] = 'regular'): StaffMember => ({
  id,
  login: id.toLowerCase(),
  name: `Team ${id}`,
  roles: ['team-lead'],
  status,
});
const actor = (staffId: string, ...roles: Role[]) => ({ staffId, roles });

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof Error && 'status' in error) return error as DomainError;
    throw error;
  }
  throw new Error('the rule did not refuse');
}

describe('the dispatcher sets the teams of an order (R-WS-2, R-WS-4)', () => {
  const members = [lead('A'), lead('B'), lead('C'), lead('GONE', 'left')];
  const assign = (current: Team[], teamIds: string[]) =>
    teamsAssigned({ order: { branchId: 'SZ', teams: current }, teamIds, members, by: dispatcherRef, now });

  it.each([
    // case, current teams, team ids, next, added, removed
    ['R-WS-2: new teams are added in the order given', [], ['B', 'A'], ['B', 'A'], ['B', 'A'], []],
    ['R-WS-2: a team taken off gives its job back', [team('A'), team('B')], ['B'], ['B'], [], ['A']],
    ['R-WS-2: a team kept stays as it was', [team('A')], ['A', 'C'], ['A', 'C'], ['C'], []],
    [
      'R-WS-4: a team whose work is done may stay',
      [team('A', earlier), team('B')],
      ['A', 'B'],
      ['A', 'B'],
      [],
      [],
    ],
  ])('%s', (_case, current, teamIds, next, added, removed) => {
    const result = assign(current, teamIds);
    expect(result.next.map((t) => t.teamId)).toEqual(next);
    expect(result.added.map((t) => t.teamId)).toEqual(added);
    expect(result.removed.map((t) => t.teamId)).toEqual(removed);
  });

  it('R-WS-2: a new team is assigned now by the dispatcher', () => {
    const { added } = assign([], ['C']);
    expect(added).toEqual([{ teamId: 'C', teamName: 'Team C', assignedAt: now, assignedBy: dispatcherRef }]);
  });

  it.each([
    // case, current, team ids, error class, message or field issue
    [
      'R-WS-4: a team that finished its work stays on the order',
      [team('A', earlier), team('B')],
      ['B'],
      RuleViolationError,
      'Team Team A has finished its work on this order; it stays on it',
    ],
    [
      'R-WS-4: at least one team left has work to do',
      [team('A', earlier)],
      ['A'],
      RuleViolationError,
      'Every team left on the order has finished; keep a team at work, or let it mark its work done',
    ],
    [
      'R-WS-2: a new team must be an active team lead of the branch',
      [team('A')],
      ['A', 'GONE'],
      ValidationError,
      'body.teamIds.1: No active team lead GONE works at branch SZ',
    ],
  ] as const)('%s', (_case, current, teamIds, kind, message) => {
    const error = refusal(() => assign([...current], [...teamIds]));
    expect(error).toBeInstanceOf(kind);
    expect(error.message).toBe(message);
    if (kind === RuleViolationError) expect(error.extensions).toEqual({ rule: 'R-WS-4' });
  });
});

describe('parts requests are tracked until delivered to the team (R-WS-5)', () => {
  const order = { teams: [team('A'), team('B'), team('DONE', earlier)] };

  it.each([
    ['R-WS-5: a team lead asks for their own team', undefined, actor('A', 'team-lead'), 'A'],
    ['R-WS-5: a dispatcher names the team', 'B', actor('DISPATCHER', 'dispatcher'), 'B'],
    ['R-WS-5: a team lead naming their own team', 'A', actor('A', 'team-lead'), 'A'],
  ] as const)('%s', (_case, teamId, who, expected) => {
    expect(partsRequestTeam(order, teamId, { ...who, roles: [...who.roles] }).teamId).toBe(expected);
  });

  it.each([
    // case, team id, actor, error class, status, message
    [
      'R-WS-5: a dispatcher has to name the team',
      undefined,
      actor('DISPATCHER', 'dispatcher'),
      ValidationError,
      400,
      'body.teamId: Name the team the parts are for',
    ],
    [
      "R-WS-5: a team lead cannot ask for another team's parts",
      'B',
      actor('A', 'team-lead'),
      ForbiddenError,
      403,
      'A team lead asks for parts for their own team; the dispatcher may ask for any team',
    ],
    [
      'R-WS-5: a team that finished is not at work on the order',
      'DONE',
      actor('DISPATCHER', 'dispatcher'),
      ValidationError,
      400,
      'body.teamId: Team DONE is not at work on this order (R-WS-5)',
    ],
    [
      'R-WS-5: a team not on the order is not at work on it',
      undefined,
      actor('C', 'team-lead'),
      ValidationError,
      400,
      'body.teamId: Team C is not at work on this order (R-WS-5)',
    ],
  ] as const)('%s', (_case, teamId, who, kind, status, message) => {
    const error = refusal(() => partsRequestTeam(order, teamId, { ...who, roles: [...who.roles] }));
    expect(error).toBeInstanceOf(kind);
    expect(error.status).toBe(status);
    expect(error.message).toBe(message);
  });

  it('R-WS-5: the clerk delivers a request of the order that is still open', () => {
    const open = partsRequest('REQ-1', 'A', 'requested');
    expect(deliverableRequest({ partsRequests: [open] }, 'REQ-1')).toBe(open);
  });

  it.each([
    [
      'R-WS-5: an unknown request is a 400',
      'REQ-X',
      ValidationError,
      'body.requestId: The order has no parts request REQ-X',
    ],
    [
      'R-WS-5: a request delivered already is a 409',
      'REQ-2',
      ConflictError,
      `Parts request REQ-2 was delivered at ${now}`,
    ],
  ] as const)('%s', (_case, id, kind, message) => {
    const error = refusal(() =>
      deliverableRequest({ partsRequests: [partsRequest('REQ-2', 'A', 'delivered')] }, id),
    );
    expect(error).toBeInstanceOf(kind);
    expect(error.message).toBe(message);
  });
});

describe('a team marks its work done; the last one sends the car to the inspector (R-WS-4)', () => {
  it.each([
    ['R-WS-4: a team lead finishes their own team', undefined, actor('A', 'team-lead'), 'A'],
    ['R-WS-4: a dispatcher names the team', 'B', actor('DISPATCHER', 'dispatcher'), 'B'],
  ] as const)('%s', (_case, teamId, who, expected) => {
    expect(finishingTeam(teamId, { ...who, roles: [...who.roles] })).toBe(expected);
  });

  it.each([
    [
      'R-WS-4: a dispatcher has to name the team',
      undefined,
      actor('DISPATCHER', 'dispatcher'),
      ValidationError,
      'body.teamId: Name the team that finished',
    ],
    [
      "R-WS-4: a team lead cannot finish another team's work",
      'B',
      actor('A', 'team-lead'),
      ForbiddenError,
      'A team lead marks the work of their own team done; the dispatcher may mark any team',
    ],
  ] as const)('%s', (_case, teamId, who, kind, message) => {
    const error = refusal(() => finishingTeam(teamId, { ...who, roles: [...who.roles] }));
    expect(error).toBeInstanceOf(kind);
    expect(error.message).toBe(message);
  });

  const order = (over: Partial<Pick<Order, 'teams' | 'addOns' | 'partsRequests'>> = {}) => ({
    teams: [team('A'), team('B')],
    addOns: [],
    partsRequests: [],
    ...over,
  });

  it.each([
    // case, order, team, last
    ['R-WS-4: one of two teams finishing is not the last', order(), 'A', false],
    [
      'R-WS-4: the last team at work finishing sends the car on',
      order({ teams: [team('A', earlier), team('B')] }),
      'B',
      true,
    ],
    ['R-WS-4: a single team finishing is the last', order({ teams: [team('A')] }), 'A', true],
    [
      "R-WS-5: another team's open request does not hold a team that is not the last",
      order({ partsRequests: [partsRequest('REQ-B', 'B', 'requested')] }),
      'A',
      false,
    ],
    [
      'R-WS-5: delivered parts hold nobody',
      order({ teams: [team('A')], partsRequests: [partsRequest('REQ-A', 'A', 'delivered')] }),
      'A',
      true,
    ],
  ])('%s', (_case, subject, teamId, last) => {
    const decision = workDone(subject, teamId);
    expect(decision.team.teamId).toBe(teamId);
    expect(decision.last).toBe(last);
  });

  it('R-WS-4: the decision leaves the order as it was (the action records the finish)', () => {
    const subject = order({ teams: [team('A')] });
    workDone(subject, 'A');
    expect(subject.teams[0]?.doneAt).toBeUndefined();
  });

  it.each([
    // case, order, team, error class, rule, message
    [
      'R-WS-4: no team is assigned yet',
      order({ teams: [] }),
      'A',
      RuleViolationError,
      'R-WS-4',
      'No team is assigned to this order yet; the dispatcher assigns the teams first',
    ],
    [
      'R-WS-4: a team not on the order',
      order(),
      'C',
      RuleViolationError,
      'R-WS-4',
      'Team C is not assigned to this order; its teams are Team A, Team B',
    ],
    [
      'R-WS-4: a team that finished already is a 409',
      order({ teams: [team('A', earlier), team('B')] }),
      'A',
      ConflictError,
      undefined,
      `Team Team A marked its work done at ${earlier}`,
    ],
    [
      "R-ADD-1: an add-on waiting for the customer's answer holds the work",
      order({ addOns: [pendingAddOn] }),
      'A',
      RuleViolationError,
      'R-ADD-1',
      "Add-on item ADDON-1 waits for the customer's answer",
    ],
    [
      "R-WS-5: the team's own open request holds it",
      order({ partsRequests: [partsRequest('REQ-A', 'A', 'requested')] }),
      'A',
      RuleViolationError,
      'R-WS-5',
      'Parts request(s) REQ-A are not delivered yet (R-WS-5)',
    ],
    [
      'R-WS-5: any open request of the order holds the last team',
      order({
        teams: [team('A', earlier), team('B')],
        partsRequests: [partsRequest('REQ-A', 'A', 'requested')],
      }),
      'B',
      RuleViolationError,
      'R-WS-5',
      'Parts request(s) REQ-A are not delivered yet (R-WS-5)',
    ],
  ] as const)('%s', (_case, subject, teamId, kind, rule, message) => {
    const error = refusal(() => workDone(structuredClone(subject) as ReturnType<typeof order>, teamId));
    expect(error).toBeInstanceOf(kind);
    expect(error.message).toBe(message);
    expect(error.extensions.rule).toBe(rule);
  });
});
