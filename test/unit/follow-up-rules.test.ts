import { describe, expect, it } from 'vitest';
import type { Duty } from '../../shared/duty-engine/schemas';
import {
  absenceStatus,
  agentFor,
  callRound,
  checkAbsenceNotOver,
  checkCallBody,
  checkCallDuty,
  checkNewAbsence,
  checkSecondCall,
  endOfLocalDay,
  repeatsFirstCall,
} from '../../shared/follow-up/rules';
import type { Absence, CallTopic } from '../../shared/follow-up/schemas';
import {
  ConflictError,
  ForbiddenError,
  RuleViolationError,
  ValidationError,
} from '../../shared/kernel/errors';
import { policyFor } from '../../shared/kernel/policy';
import type { StaffMember } from '../../shared/staff/schemas';
import { validationIssues } from '../support/refusals';

/** The follow-up rules (R-FUP-1..6) as pure functions: no table, no clock but the one given. */
const now = new Date('2031-06-11T02:10:00.000Z');
const minute = 60_000;
const day = 86_400_000;
const policy = policyFor();

describe('a call as typed in (R-FUP-2, R-FUP-6)', () => {
  const followUp = {
    purpose: 'follow-up' as const,
    direction: 'outgoing' as const,
    topics: ['vehicle-use'] as CallTopic[],
  };
  it.each([
    ['a call just made', followUp, 0, []],
    ['a call a minute ahead of the clock (skew)', followUp, 1 * minute, []],
    ['a call in the future', followUp, 2 * minute, ['body.at: A call cannot be recorded before it happens']],
    [
      'a call older than the policy allows',
      followUp,
      -(policy.followUp.recordCallWithinDays * day + minute),
      [`body.at: Record a call within ${policy.followUp.recordCallWithinDays} days of when it took place`],
    ],
    [
      'a follow-up call that names no topic',
      { ...followUp, topics: [] },
      0,
      ['body.topics: Name what the follow-up call covered (R-FUP-2: vehicle use, opinion, advice …)'],
    ],
    [
      'an incoming follow-up call',
      { ...followUp, direction: 'incoming' as const },
      0,
      ['body.purpose: An incoming call is a consultation or a complaint'],
    ],
    [
      'an incoming complaint',
      { purpose: 'complaint' as const, direction: 'incoming' as const, topics: [] },
      0,
      [],
    ],
  ])('%s', (_case, body, offsetMs, expected) => {
    expect(
      validationIssues(() => checkCallBody(body, new Date(now.getTime() + offsetMs), now, policy)),
    ).toEqual(expected);
  });
});

const duty = (overrides: Partial<Duty> = {}): Duty => ({
  id: 'D1',
  kind: 'follow-up-call',
  subject: { kind: 'customer', id: 'C1' },
  branchId: 'SZ',
  assignee: 'AGENT',
  openAt: now.toISOString(),
  dueAt: now.toISOString(),
  fireAt: now.toISOString(),
  status: 'pending',
  attempts: 0,
  payload: { round: 1 },
  version: 1,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  ...overrides,
});
const agent = { staffId: 'AGENT', roles: ['follow-up' as const] };

describe('the duty a call carries out (R-FUP-4, R-FUP-6)', () => {
  it.each([
    [
      'its own open follow-up call',
      duty(),
      { purpose: 'follow-up' as const, customerId: 'C1' },
      agent,
      undefined,
    ],
    [
      'a tell-customer duty by a solution call',
      duty({ kind: 'tell-customer', subject: { kind: 'call', id: 'K1' }, payload: { customerId: 'C1' } }),
      { purpose: 'solution' as const, customerId: 'C1' },
      agent,
      undefined,
    ],
    [
      "another agent's duty, recorded by a supervisor",
      duty({ assignee: 'OTHER' }),
      { purpose: 'follow-up' as const, customerId: 'C1' },
      { staffId: 'SUP', roles: ['supervisor' as const] },
      undefined,
    ],
    [
      'a duty no call carries out',
      duty({ kind: 'progress-check' }),
      { purpose: 'follow-up' as const, customerId: 'C1' },
      agent,
      ValidationError,
    ],
    [
      'the wrong purpose',
      duty(),
      { purpose: 'consultation' as const, customerId: 'C1' },
      agent,
      ValidationError,
    ],
    ['another customer', duty(), { purpose: 'follow-up' as const, customerId: 'C2' }, agent, ValidationError],
    [
      'a duty completed already',
      duty({ completedAt: now.toISOString() }),
      { purpose: 'follow-up' as const, customerId: 'C1' },
      agent,
      ConflictError,
    ],
    [
      'a cancelled duty',
      duty({ status: 'cancelled' }),
      { purpose: 'follow-up' as const, customerId: 'C1' },
      agent,
      ConflictError,
    ],
    [
      "another agent's duty",
      duty({ assignee: 'OTHER' }),
      { purpose: 'follow-up' as const, customerId: 'C1' },
      agent,
      ForbiddenError,
    ],
  ])('%s', (_case, d, body, actor, error) => {
    if (error) expect(() => checkCallDuty(d, body, actor)).toThrow(error);
    else expect(() => checkCallDuty(d, body, actor)).not.toThrow();
  });
});

describe('the second call covers something new (R-FUP-3)', () => {
  it.each([
    [['vehicle-use'], ['vehicle-use'], true],
    [['vehicle-use', 'service-opinion'], ['vehicle-use'], false],
    [['service-opinion'], ['vehicle-use', 'driving-maintenance-advice'], false],
    [
      ['vehicle-use', 'driving-maintenance-advice'],
      ['vehicle-use', 'driving-maintenance-advice', 'service-opinion'],
      true,
    ],
  ] as [CallTopic[], CallTopic[], boolean][])(
    'topics %j after %j repeat the first: %s',
    (topics, first, repeats) => {
      expect(repeatsFirstCall(topics, first)).toBe(repeats);
    },
  );

  it('refuses a second-round call that repeats the first with 422 citing R-FUP-3', () => {
    const second = duty({ payload: { round: 2, firstCallTopics: ['vehicle-use'] } });
    expect(callRound(second)).toBe(2);
    expect(() => checkSecondCall(second, ['vehicle-use'])).toThrow(RuleViolationError);
    expect(() => checkSecondCall(second, ['vehicle-use', 'service-opinion'])).not.toThrow();
  });

  it('asks nothing of a first-round call or of a call for another duty', () => {
    expect(() => checkSecondCall(duty(), ['vehicle-use'])).not.toThrow();
    expect(callRound(duty({ kind: 'tell-customer' }))).toBeUndefined();
    expect(callRound(undefined)).toBeUndefined();
  });
});

const member = (id: string, roles: StaffMember['roles'], status: StaffMember['status'] = 'regular') =>
  ({ id, name: id, roles, status }) as StaffMember;

describe('who calls the customer (R-FUP-1)', () => {
  const agents = [member('A2', ['follow-up']), member('A1', ['follow-up']), member('S1', ['supervisor'])];
  it.each([
    ['the designated agent', { id: 'C1', followUpAgentId: 'A2' }, agents, 'A2'],
    [
      'a designated agent who left: one of the active agents',
      { id: 'C1', followUpAgentId: 'GONE' },
      agents,
      'A1|A2',
    ],
    ['no agents at the branch: a supervisor', { id: 'C1' }, [member('S1', ['supervisor'])], 'S1'],
    [
      'a suspended agent is passed over',
      { id: 'C1' },
      [member('A1', ['follow-up'], 'suspended'), member('S1', ['supervisor'])],
      'S1',
    ],
    ['nobody to call', { id: 'C1' }, [member('T1', ['team-lead'])], undefined],
  ] as const)('%s', (_case, customer, members, expected) => {
    const chosen = agentFor(customer, members);
    if (expected === undefined) expect(chosen).toBeUndefined();
    else expect(expected.split('|')).toContain(chosen);
  });

  it('picks the same agent for the same customer every time, and spreads customers over agents', () => {
    const customers = Array.from({ length: 40 }, (_, i) => ({ id: `01J${String(i).padStart(23, '0')}` }));
    const first = customers.map((c) => agentFor(c, agents));
    expect(customers.map((c) => agentFor(c, agents))).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['A1', 'A2']));
  });
});

describe("the end of the branch's day (R-FUP-4 當日)", () => {
  it.each([
    ['10:10 in Shenzhen', '2031-06-11T02:10:00.000Z', 'Asia/Shanghai', '2031-06-11T16:00:00.000Z'],
    ['23:59 in Shenzhen', '2031-06-11T15:59:00.000Z', 'Asia/Shanghai', '2031-06-11T16:00:00.000Z'],
    [
      '00:00 in Shenzhen starts a new day',
      '2031-06-11T16:00:00.000Z',
      'Asia/Shanghai',
      '2031-06-12T16:00:00.000Z',
    ],
  ])('%s', (_case, at, zone, expected) => {
    expect(endOfLocalDay(new Date(at), zone).toISOString()).toBe(expected);
  });
});

const t = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
const absenceOf = (staffId: string, delegateId: string, from: number, until: number, id = 'AB1') =>
  ({
    id,
    branchId: 'SZ',
    staff: { staffId, name: staffId },
    delegate: { staffId: delegateId, name: delegateId },
    from: t(from),
    until: t(until),
    status: 'scheduled',
    movedDuties: 0,
    returnedDuties: 0,
  }) as unknown as Absence;

describe('where an absence stands (R-FUP-1)', () => {
  it.each([
    ['not begun', { from: t(1), until: t(5) }, 'scheduled'],
    ['under way', { from: t(-1), until: t(5) }, 'active'],
    ['over', { from: t(-5), until: t(-1) }, 'ended'],
    ['ended early', { from: t(-5), until: t(5), endedAt: t(-1) }, 'ended'],
    ['called off before it began', { from: t(1), until: t(5), endedAt: t(-1) }, 'cancelled'],
  ] as const)('%s', (_case, absence, status) => {
    expect(absenceStatus(absence, now)).toBe(status);
  });
});

describe('a new absence and its delegate (R-FUP-1)', () => {
  const members = [member('A1', ['follow-up']), member('A2', ['follow-up']), member('A3', ['follow-up'])];
  const body = { staffId: 'A1', delegateId: 'A2', from: t(1), until: t(48) };
  const none: Absence[] = [];
  it.each([
    ['a person present, a delegate present', {}, undefined],
    ['a person who does not work here', { body: { ...body, staffId: 'X' } }, ValidationError],
    [
      'a delegate who has left',
      { members: [...members.slice(0, 1), member('A2', ['follow-up'], 'left')] },
      ValidationError,
    ],
    ['an overlapping absence of the same person', { own: [absenceOf('A1', 'A3', 24, 72)] }, ConflictError],
    ['an absence of the same person that ends before', { own: [absenceOf('A1', 'A3', -5, 1)] }, undefined],
    [
      'a person who stands in for someone meanwhile (one level of delegation)',
      { standingIn: [absenceOf('A3', 'A1', 0, 24)] },
      RuleViolationError,
    ],
    ['a delegate who is away meanwhile', { delegates: [absenceOf('A2', 'A3', 10, 20)] }, RuleViolationError],
  ] as const)('%s', (_case, overrides, error) => {
    const run = () =>
      checkNewAbsence({ body, members, own: none, delegates: none, standingIn: none, ...overrides });
    if (error) expect(run).toThrow(error);
    else expect(run().delegate.id).toBe('A2');
  });

  it('refuses an absence that is over already, naming body.until', () => {
    expect(validationIssues(() => checkAbsenceNotOver({ until: t(0) }, now))).toEqual([
      'body.until: The absence must not be over already',
    ]);
    expect(validationIssues(() => checkAbsenceNotOver({ until: t(1) }, now))).toEqual([]);
  });
});
