import { describe, expect, it } from 'vitest';
import { RuleViolationError, ValidationError } from '../../shared/kernel/errors';
import { defaultPolicy } from '../../shared/kernel/policy';
import {
  receiptTime,
  type TransferRequest,
  teamsOf,
  transferDecision,
} from '../../shared/orders/rules/workshop';
import type { Order } from '../../shared/orders/schemas/order';
import type { StaffMember } from '../../shared/staff/schemas';
import { refusal } from '../support/refusals';

const now = '2031-06-11T02:10:00.000Z';
const at = (minutes: number, seconds = 0) =>
  new Date(Date.parse(now) + minutes * 60_000 + seconds * 1000).toISOString();
const tolerance = defaultPolicy.order.transferTimeToleranceMinutes; // 10

const member = (
  id: string,
  roles: StaffMember['roles'],
  status: StaffMember['status'] = 'regular',
): StaffMember => ({
  id,
  login: id.toLowerCase(),
  name: `Name of ${id}`,
  roles,
  status,
});

const staff: StaffMember[] = [
  member('DISPATCHER', ['dispatcher']),
  member('SUSPENDED-DISPATCHER', ['dispatcher'], 'suspended'),
  member('DEPARTED-DISPATCHER', ['dispatcher'], 'left'),
  member('ON-PROBATION', ['dispatcher', 'team-lead'], 'probation'),
  member('ADVISOR', ['advisor']),
  member('LEAD-A', ['team-lead']),
  member('LEAD-B', ['team-lead']),
  member('SUSPENDED-LEAD', ['team-lead'], 'suspended'),
];
// Open jobs per team: B is the least loaded of the active teams.
const loads = new Map([
  ['LEAD-A', 3],
  ['LEAD-B', 1],
  ['ON-PROBATION', 2],
  ['SUSPENDED-LEAD', 0],
]);

const handedOver: Pick<Order, 'branchId' | 'handover'> = {
  branchId: 'SZ',
  handover: {
    documents: [],
    belongings: [],
    belongingsConfirmedBy: 'Customer',
    keyTag: 'K-1',
    keySlot: 'A1',
    fuelLevel: 4,
    odometerKm: 1000,
    recordedBy: { staffId: 'ADVISOR', name: 'Name of ADVISOR' },
    at: at(-30),
  },
};

const transfer = (
  request: Partial<TransferRequest>,
  order: Pick<Order, 'branchId' | 'handover'> = handedOver,
  members: StaffMember[] = staff,
) =>
  transferDecision({
    order,
    request: { receivedBy: 'DISPATCHER', mode: 'single_team', ...request },
    members,
    loads,
    now,
    toleranceMinutes: tolerance,
  });

describe('the receipt time is recorded to within 10 minutes (R-RO-4)', () => {
  it.each([
    // case, time given (minutes, seconds from now), recorded
    ['R-RO-4: no time given records now', undefined, now],
    ['R-RO-4: a time typed 10 minutes late is kept', at(-10), at(-10)],
    ['R-RO-4: a device clock 10 minutes ahead is kept', at(10), at(10)],
    ['R-RO-4: a time with an offset is recorded in UTC', '2031-06-11T10:05:00+08:00', at(-5)],
  ])('%s', (_case, given, recorded) => {
    expect(receiptTime(given, now, tolerance)).toBe(recorded);
  });

  it.each([
    ['R-RO-4: 10 minutes and a second late is refused', at(-10, -1)],
    ['R-RO-4: 10 minutes and a second ahead is refused', at(10, 1)],
    ['R-RO-4: yesterday is refused', at(-24 * 60)],
  ])('%s', (_case, given) => {
    const error = refusal(() => receiptTime(given, now, tolerance));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.status).toBe(422);
    expect(error.extensions).toEqual({ rule: 'R-RO-4' });
    expect(error.message).toBe(
      `receivedAt ${given} is more than 10 minutes from now (${now}); the receipt time is recorded when the car is received, to within 10 minutes (R-RO-4)`,
    );
  });
});

describe('the transfer to the workshop (R-RO-4, R-WS-2)', () => {
  it('R-RO-4: the handover is recorded first, before any other check', () => {
    const error = refusal(() =>
      transfer({ receivedBy: 'ADVISOR', receivedAt: at(-60) }, { branchId: 'SZ', handover: undefined }),
    );
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.message).toBe('Record the handover (R-RO-3) before the car goes to the workshop');
    expect(error.extensions).toEqual({ rule: 'R-RO-4' });
  });

  it('R-RO-4: the receipt time is checked before the receiver', () => {
    const error = refusal(() => transfer({ receivedBy: 'ADVISOR', receivedAt: at(-60) }));
    expect(error.extensions).toEqual({ rule: 'R-RO-4' });
  });

  it.each([
    ['R-RO-4: an advisor is not a dispatcher', 'ADVISOR'],
    ['R-RO-4: a suspended dispatcher receives no car', 'SUSPENDED-DISPATCHER'],
    ['R-RO-4: a dispatcher who left receives no car', 'DEPARTED-DISPATCHER'],
    ['R-RO-4: a dispatcher of another branch is not among its staff', 'SOMEONE-ELSE'],
  ])('%s', (_case, receivedBy) => {
    const error = refusal(() => transfer({ receivedBy }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.extensions.errors).toEqual([
      { path: 'body.receivedBy', message: `No active dispatcher ${receivedBy} works at branch SZ` },
    ]);
  });

  it.each([
    // case, request, receiver, receipt time, team
    ['R-RO-4, R-WS-2: a single-team job goes to the least loaded team', {}, 'DISPATCHER', now, 'LEAD-B'],
    [
      'R-RO-4: a dispatcher on probation is active',
      { receivedBy: 'ON-PROBATION' },
      'ON-PROBATION',
      now,
      'LEAD-B',
    ],
    [
      'R-WS-2: a team chosen by the dispatcher wins over the balance',
      { teamId: 'LEAD-A' },
      'DISPATCHER',
      now,
      'LEAD-A',
    ],
    ['R-RO-4: the receipt time given is recorded', { receivedAt: at(-7) }, 'DISPATCHER', at(-7), 'LEAD-B'],
    [
      'R-RO-4: a multi-team job goes to the dispatcher without a team',
      { mode: 'multi_team' },
      'DISPATCHER',
      now,
      null,
    ],
  ] as const)('%s', (_case, request, receiver, receivedAt, team) => {
    const decision = transfer(request);
    expect(decision.receiver.id).toBe(receiver);
    expect(decision.receivedAt).toBe(receivedAt);
    expect(decision.team?.teamId ?? null).toBe(team);
  });

  it.each([
    ['R-WS-2: a chosen team must be an active team lead (suspended)', 'SUSPENDED-LEAD'],
    ['R-WS-2: a chosen team must be a team lead (a dispatcher is not)', 'DISPATCHER'],
  ])('%s', (_case, teamId) => {
    const error = refusal(() => transfer({ teamId }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.extensions.errors).toEqual([
      { path: 'body.teamId', message: `No active team lead ${teamId} works at branch SZ` },
    ]);
  });

  it('R-WS-2: a single-team job in a branch without a team is refused', () => {
    const error = refusal(() => transfer({}, handedOver, [member('DISPATCHER', ['dispatcher'])]));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.message).toBe('Branch SZ has no team: no active staff holds team-lead');
    expect(error.extensions).toEqual({ rule: 'R-WS-2' });
  });

  it('R-RO-4: a multi-team job needs no team in the branch', () => {
    const decision = transfer({ mode: 'multi_team' }, handedOver, [member('DISPATCHER', ['dispatcher'])]);
    expect(decision.team).toBeUndefined();
  });
});

describe("the branch's teams (R-WS-2)", () => {
  it('R-WS-2: a team is an active team lead, with its open jobs (none without a counter)', () => {
    const teams = teamsOf([...staff, member('NEW-LEAD', ['team-lead'])], loads);
    expect(teams).toEqual([
      { teamId: 'ON-PROBATION', teamName: 'Name of ON-PROBATION', open: 2 },
      { teamId: 'LEAD-A', teamName: 'Name of LEAD-A', open: 3 },
      { teamId: 'LEAD-B', teamName: 'Name of LEAD-B', open: 1 },
      { teamId: 'NEW-LEAD', teamName: 'Name of NEW-LEAD', open: 0 },
    ]);
  });
});
