import { describe, expect, it } from 'vitest';
import { dutyShard } from '../../shared/duty-engine/keys';
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
  escalationDueAt,
  firstFollowUpWindow,
  secondFollowUpWindow,
} from '../../shared/follow-up/rules';
import type { Absence, CallTopic } from '../../shared/follow-up/schemas';
import type { Actor } from '../../shared/kernel/access';
import {
  ConflictError,
  ForbiddenError,
  RuleViolationError,
  ValidationError,
} from '../../shared/kernel/errors';
import { policyFor } from '../../shared/kernel/policy';
import type { StaffMember } from '../../shared/staff/schemas';
import { validationIssues } from '../support/refusals';

/**
 * The edges of the follow-up rules (R-FUP-1..4, R-FUP-6): the exact windows, the boundaries of
 * each check (a value equal to the limit) and what every refusal says. Every case is built inside
 * its `it`, so the rule under a mutant computes it.
 */
const nowIso = '2031-06-11T02:10:00.000Z';
const at = (ms: number) => new Date(Date.parse(nowIso) + ms);
const minute = 60_000;
const hour = 3_600_000;
const day = 86_400_000;

/** What a refusal is expected to be: its class, and its message and extensions when given. */
type Refusal = { type: string; message?: string; extensions?: unknown } | undefined;

/** What a rule throws: its class, message and extensions; `undefined` when it accepts. */
function thrownBy(act: () => unknown): { type: string; message: string; extensions?: unknown } | undefined {
  try {
    act();
  } catch (error) {
    const e = error as Error & { extensions?: unknown };
    return { type: e.constructor.name, message: e.message, extensions: e.extensions };
  }
  return undefined;
}

describe('the follow-up windows (R-FUP-2, R-FUP-3, R-FUP-4)', () => {
  it.each([
    [
      'R-FUP-2: the first call opens 3 days and is due 7 days after exit',
      'first',
      '2031-06-14T02:10:00.000Z',
      '2031-06-18T02:10:00.000Z',
    ],
    [
      'R-FUP-3: the second call opens 1 week after the first and is due 7 days later',
      'second',
      '2031-06-18T02:10:00.000Z',
      '2031-06-25T02:10:00.000Z',
    ],
  ])('%s', (_case, which, openAt, dueAt) => {
    const policy = policyFor();
    const window =
      which === 'first' ? firstFollowUpWindow(at(0), policy) : secondFollowUpWindow(at(0), policy);
    expect({ openAt: window.openAt.toISOString(), dueAt: window.dueAt.toISOString() }).toEqual({
      openAt,
      dueAt,
    });
  });

  it('R-FUP-4: an unsolved request goes to the supervisor 2 days after the call', () => {
    expect(escalationDueAt(at(0), policyFor()).toISOString()).toBe('2031-06-13T02:10:00.000Z');
  });
});

describe('the time of a call as typed in (R-FUP-6)', () => {
  it.each([
    ['exactly the allowed skew ahead', minute, []],
    ['a millisecond past the skew', minute + 1, ['body.at: A call cannot be recorded before it happens']],
    ['exactly the 7 days back', -7 * day, []],
    [
      'a millisecond older than 7 days',
      -7 * day - 1,
      ['body.at: Record a call within 7 days of when it took place'],
    ],
  ])('%s', (_case, offset, issues) => {
    const body = {
      purpose: 'follow-up' as const,
      direction: 'outgoing' as const,
      topics: ['offers'] as CallTopic[],
    };
    expect(validationIssues(() => checkCallBody(body, at(offset), at(0), policyFor()))).toEqual(issues);
  });

  it.each([
    ['an outgoing consultation without topics', 'consultation', 'outgoing', [], []],
    ['an incoming consultation', 'consultation', 'incoming', [], []],
    ['an outgoing follow-up with topics', 'follow-up', 'outgoing', ['offers'], []],
    [
      'an incoming follow-up with topics',
      'follow-up',
      'incoming',
      ['offers'],
      ['body.purpose: An incoming call is a consultation or a complaint'],
    ],
  ] as const)('R-FUP-2, R-FUP-6: %s', (_case, purpose, direction, topics, issues) => {
    const body = { purpose, direction, topics: [...topics] as CallTopic[] };
    expect(validationIssues(() => checkCallBody(body, at(0), at(0), policyFor()))).toEqual(issues);
  });
});

const aDuty = (over: Partial<Duty> = {}): Duty => ({
  id: 'D1',
  kind: 'follow-up-call',
  subject: { kind: 'customer', id: 'C1' },
  branchId: 'SZ',
  assignee: 'AGENT',
  openAt: nowIso,
  dueAt: nowIso,
  fireAt: nowIso,
  status: 'pending',
  attempts: 0,
  payload: { round: 1 },
  version: 1,
  createdAt: nowIso,
  updatedAt: nowIso,
  ...over,
});

describe('the duty a call carries out, and what each refusal says (R-FUP-4, R-FUP-6)', () => {
  it.each<
    [
      string,
      Partial<Duty>,
      { purpose: 'follow-up' | 'solution' | 'consultation'; customerId: string },
      Pick<Actor, 'staffId' | 'roles'>,
      Refusal,
    ]
  >([
    [
      'a duty no call carries out',
      { kind: 'progress-check' },
      { purpose: 'follow-up', customerId: 'C1' },
      { staffId: 'AGENT', roles: ['follow-up'] },
      {
        type: 'ValidationError',
        extensions: {
          errors: [{ path: 'body.dutyId', message: 'A progress-check duty is not carried out by a call' }],
        },
      },
    ],
    [
      'a tell-customer duty by a follow-up call',
      { kind: 'tell-customer', subject: { kind: 'call', id: 'K1' }, payload: { customerId: 'C1' } },
      { purpose: 'follow-up', customerId: 'C1' },
      { staffId: 'AGENT', roles: ['follow-up'] },
      {
        type: 'ValidationError',
        extensions: {
          errors: [
            { path: 'body.purpose', message: 'A call for a tell-customer duty has the purpose solution' },
          ],
        },
      },
    ],
    [
      'a call duty whose customer id is not text',
      { kind: 'tell-customer', subject: { kind: 'call', id: 'K1' }, payload: { customerId: 7 } },
      { purpose: 'solution', customerId: '7' },
      { staffId: 'AGENT', roles: ['follow-up'] },
      {
        type: 'ValidationError',
        extensions: { errors: [{ path: 'body.dutyId', message: 'Duty D1 is about another customer' }] },
      },
    ],
    [
      'a customer duty is about its subject, not its payload',
      { payload: { round: 1, customerId: 'C2' } },
      { purpose: 'follow-up', customerId: 'C2' },
      { staffId: 'AGENT', roles: ['follow-up'] },
      {
        type: 'ValidationError',
        extensions: { errors: [{ path: 'body.dutyId', message: 'Duty D1 is about another customer' }] },
      },
    ],
    [
      'a completed duty',
      { completedAt: nowIso },
      { purpose: 'follow-up', customerId: 'C1' },
      { staffId: 'AGENT', roles: ['follow-up'] },
      { type: 'ConflictError', message: 'duty D1 is already completed', extensions: {} },
    ],
    [
      'a cancelled duty',
      { status: 'cancelled' },
      { purpose: 'follow-up', customerId: 'C1' },
      { staffId: 'AGENT', roles: ['follow-up'] },
      { type: 'ConflictError', message: 'duty D1 is already cancelled', extensions: {} },
    ],
    [
      "another agent's duty",
      { assignee: 'OTHER' },
      { purpose: 'follow-up', customerId: 'C1' },
      { staffId: 'AGENT', roles: ['follow-up'] },
      {
        type: 'ForbiddenError',
        message: 'duty D1 is assigned to someone else; their supervisor may record it',
        extensions: {},
      },
    ],
    [
      'its own duty by an agent who is also a supervisor',
      {},
      { purpose: 'follow-up', customerId: 'C1' },
      { staffId: 'AGENT', roles: ['follow-up', 'supervisor'] },
      undefined,
    ],
  ])('%s', (_case, over, body, actor, expected) => {
    const result = thrownBy(() => checkCallDuty(aDuty(over), body, actor));
    if (expected === undefined) expect(result).toBeUndefined();
    else expect(result).toMatchObject(expected as object);
  });

  it('refuses with the classes the API maps to 400, 409 and 403', () => {
    expect(() =>
      checkCallDuty(
        aDuty({ kind: 'x' as Duty['kind'] }),
        { purpose: 'follow-up', customerId: 'C1' },
        { staffId: 'AGENT', roles: [] },
      ),
    ).toThrow(ValidationError);
    expect(() =>
      checkCallDuty(
        aDuty({ status: 'cancelled' }),
        { purpose: 'follow-up', customerId: 'C1' },
        { staffId: 'AGENT', roles: [] },
      ),
    ).toThrow(ConflictError);
    expect(() =>
      checkCallDuty(
        aDuty({ assignee: 'B' }),
        { purpose: 'follow-up', customerId: 'C1' },
        { staffId: 'AGENT', roles: [] },
      ),
    ).toThrow(ForbiddenError);
  });
});

describe('the second call adds a topic (R-FUP-3)', () => {
  it.each<[string, Record<string, unknown>, CallTopic[], string | undefined]>([
    [
      'a second round that repeats both topics of the first',
      { round: 2, firstCallTopics: ['vehicle-use', 'offers'] },
      ['offers'],
      'The second follow-up must not repeat the first (vehicle-use, offers): add a topic it did not cover',
    ],
    [
      'a second round given as text',
      { round: '2', firstCallTopics: ['offers'] },
      ['offers'],
      'The second follow-up must not repeat the first (offers): add a topic it did not cover',
    ],
    [
      'a second round that adds a topic',
      { round: 2, firstCallTopics: ['offers'] },
      ['offers', 'new-services'],
      undefined,
    ],
    [
      'a second round whose first topics are unknown',
      { round: 2, firstCallTopics: 'offers' },
      ['offers'],
      undefined,
    ],
    ['a first round', { round: 1, firstCallTopics: ['offers'] }, ['offers'], undefined],
    ['a duty without a round is the first', { firstCallTopics: ['offers'] }, ['offers'], undefined],
  ])('%s', (_case, payload, topics, message) => {
    const result = thrownBy(() => checkSecondCall(aDuty({ payload }), topics));
    if (message === undefined) expect(result).toBeUndefined();
    else
      expect(result).toMatchObject({ type: 'RuleViolationError', message, extensions: { rule: 'R-FUP-3' } });
  });

  it.each<[string, Partial<Duty> | undefined, number | undefined]>([
    ['no round given: the first', { payload: {} }, 1],
    ['round 2', { payload: { round: 2 } }, 2],
    ['another duty kind', { kind: 'tell-customer', payload: { round: 2 } }, undefined],
    ['no duty', undefined, undefined],
  ])('the round of %s', (_case, over, round) => {
    expect(callRound(over ? aDuty(over) : undefined)).toBe(round);
  });

  it('is a RuleViolationError (422)', () => {
    expect(() =>
      checkSecondCall(aDuty({ payload: { round: 2, firstCallTopics: ['offers'] } }), ['offers']),
    ).toThrow(RuleViolationError);
  });
});

const member = (id: string, roles: StaffMember['roles'], status: StaffMember['status'] = 'regular') =>
  ({ id, name: `name of ${id}`, roles, status }) as StaffMember;

describe('who calls the customer (R-FUP-1)', () => {
  it.each<[string, { id: string; followUpAgentId?: string }, StaffMember[], string | undefined]>([
    [
      'a designated agent who is a supervisor is still the one',
      { id: 'C1', followUpAgentId: 'S1' },
      [member('A1', ['follow-up']), member('S1', ['supervisor'])],
      'S1',
    ],
    [
      'a suspended designated agent: the only active agent instead',
      { id: 'C1', followUpAgentId: 'A1' },
      [member('A1', ['follow-up'], 'suspended'), member('A2', ['follow-up'])],
      'A2',
    ],
    [
      'agents at the branch: never a supervisor',
      { id: 'C1' },
      [member('S1', ['supervisor']), member('A9', ['follow-up'])],
      'A9',
    ],
    [
      'no active agent: the only active supervisor',
      { id: 'C1' },
      [member('A1', ['follow-up'], 'left'), member('S2', ['supervisor'])],
      'S2',
    ],
  ])('%s', (_case, customer, members, expected) => {
    expect(agentFor(customer, members)).toBe(expected);
  });

  it.each([
    ['agents', 'follow-up'],
    ['supervisors', 'supervisor'],
  ] as const)('among several %s, the one at the shard of the customer id in id order', (_case, role) => {
    const members = [member('X3', [role]), member('X1', [role]), member('X2', [role])];
    const sorted = ['X1', 'X2', 'X3'];
    const customers = Array.from({ length: 12 }, (_, i) => `01J${String(i).padStart(23, '0')}`);
    for (const id of customers) {
      expect(agentFor({ id }, members)).toBe(sorted[dutyShard(id, 3)]);
    }
  });
});

const t = (hours: number) => at(hours * hour).toISOString();

describe('where an absence stands, at its edges (R-FUP-1)', () => {
  it.each<[string, { from: string; until: string; endedAt?: string }, Absence['status']]>([
    ['it begins exactly now', { from: t(0), until: t(5) }, 'active'],
    ['it ends exactly now', { from: t(-5), until: t(0) }, 'ended'],
    ['ended exactly now', { from: t(-5), until: t(5), endedAt: t(0) }, 'ended'],
    ['ended exactly when it began', { from: t(-5), until: t(5), endedAt: t(-5) }, 'cancelled'],
    ['until equal to from', { from: t(2), until: t(2) }, 'cancelled'],
    ['ended after its end: the end counts', { from: t(-5), until: t(-1), endedAt: t(3) }, 'ended'],
    ['ended after its end, still under way', { from: t(-5), until: t(3), endedAt: t(4) }, 'active'],
  ])('%s', (_case, absence, status) => {
    expect(absenceStatus(absence, at(0))).toBe(status);
  });

  it('R-FUP-1: an absence until a millisecond from now is not over', () => {
    expect(validationIssues(() => checkAbsenceNotOver({ until: at(1).toISOString() }, at(0)))).toEqual([]);
    expect(validationIssues(() => checkAbsenceNotOver({ until: at(-1).toISOString() }, at(0)))).toEqual([
      'body.until: The absence must not be over already',
    ]);
  });
});

const absenceOf = (staffId: string, delegateId: string, from: number, until: number, id = 'AB9') =>
  ({
    id,
    branchId: 'SZ',
    staff: { staffId, name: `name of ${staffId}` },
    delegate: { staffId: delegateId, name: `name of ${delegateId}` },
    from: t(from),
    until: t(until),
    status: 'scheduled',
    movedDuties: 0,
    returnedDuties: 0,
  }) as unknown as Absence;

describe('a new absence, at its edges and in what it says (R-FUP-1)', () => {
  it.each<[string, Partial<Parameters<typeof checkNewAbsence>[0]>, Refusal]>([
    [
      'a suspended person',
      { members: [member('A1', ['follow-up'], 'suspended'), member('A2', ['follow-up'])] },
      {
        type: 'ValidationError',
        extensions: {
          errors: [{ path: 'body.staffId', message: 'No active staff member A1 works at this branch' }],
        },
      },
    ],
    [
      'a delegate who does not work here',
      { members: [member('A1', ['follow-up'])] },
      {
        type: 'ValidationError',
        extensions: {
          errors: [{ path: 'body.delegateId', message: 'No active staff member A2 works at this branch' }],
        },
      },
    ],
    [
      'an absence of the same person that starts when this one ends',
      { own: [absenceOf('A1', 'A3', 48, 72)] },
      undefined,
    ],
    [
      'an absence of the same person inside this one',
      { own: [absenceOf('A1', 'A3', 2, 3, 'AB7')] },
      {
        type: 'ConflictError',
        message: `name of A1 is already away from ${t(2)} until ${t(3)} (absence AB7)`,
      },
    ],
    [
      'standing in for someone whose absence ends when this one starts',
      { standingIn: [absenceOf('A3', 'A1', -5, 1)] },
      undefined,
    ],
    [
      "someone else's delegate meanwhile is no matter",
      { standingIn: [absenceOf('A3', 'A2', 0, 24)] },
      undefined,
    ],
    [
      'standing in for someone meanwhile',
      { standingIn: [absenceOf('A3', 'A1', 0, 24)] },
      {
        type: 'RuleViolationError',
        message: `name of A1 stands in for name of A3 until ${t(24)}; end that absence or choose another delegate for it first`,
        extensions: { rule: 'R-FUP-1' },
      },
    ],
    ['a delegate away from when this one ends', { delegates: [absenceOf('A2', 'A3', 48, 50)] }, undefined],
    [
      'a delegate away meanwhile',
      { delegates: [absenceOf('A2', 'A3', 47, 50)] },
      {
        type: 'RuleViolationError',
        message: `The delegate name of A2 is away from ${t(47)} until ${t(50)}; choose someone present`,
        extensions: { rule: 'R-FUP-1' },
      },
    ],
  ])('%s', (_case, over, expected) => {
    const input = {
      body: { staffId: 'A1', delegateId: 'A2', from: t(1), until: t(48) },
      members: [member('A1', ['follow-up']), member('A2', ['follow-up']), member('A3', ['follow-up'])],
      own: [] as Absence[],
      delegates: [] as Absence[],
      standingIn: [] as Absence[],
      ...over,
    };
    const result = thrownBy(() => checkNewAbsence(input));
    if (expected === undefined) {
      expect(result).toBeUndefined();
      const { absent, delegate } = checkNewAbsence(input);
      expect([absent.id, delegate.id]).toEqual(['A1', 'A2']);
    } else expect(result).toMatchObject(expected as object);
  });
});
