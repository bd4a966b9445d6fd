import type { Customer } from '../archive/schemas/customer';
import { dutyShard } from '../duty-engine/keys';
import type { Duty } from '../duty-engine/schemas';
import type { Actor } from '../kernel/access';
import { ConflictError, ForbiddenError, RuleViolationError, ValidationError } from '../kernel/errors';
import { addDays, localDate, startOfLocalDay } from '../kernel/local-time';
import type { Policy } from '../kernel/policy';
import { isActive } from '../staff/rules';
import type { StaffMember } from '../staff/schemas';
import { type Absence, type Call, type CallTopic, callTopic } from './schemas';

/**
 * The rules of after-sales follow-up (R-FUP-1..4): when the calls open and fall due, who calls,
 * and when an unanswered request goes to the supervisor. Days are 24-hour spans: the seed counts
 * elapsed time ("三天至一周", "兩天").
 */
const day = 86_400_000;

export interface Window {
  openAt: Date;
  dueAt: Date;
}

/** R-FUP-2: the first follow-up call, 3 to 7 days after exit (or after a consultation). */
export function firstFollowUpWindow(exitAt: Date, policy: Policy): Window {
  return {
    openAt: new Date(exitAt.getTime() + policy.followUp.firstOpenDays * day),
    dueAt: new Date(exitAt.getTime() + policy.followUp.firstDueDays * day),
  };
}

/** R-FUP-3: the second call, within the 7 days that start 1 week after the first call. */
export function secondFollowUpWindow(firstCallAt: Date, policy: Policy): Window {
  const openAt = new Date(firstCallAt.getTime() + policy.followUp.secondOpenDays * day);
  return { openAt, dueAt: new Date(openAt.getTime() + policy.followUp.secondWindowDays * day) };
}

/** R-FUP-4: a request still unsolved goes to the supervisor within 2 days of the call. */
export function escalationDueAt(callAt: Date, policy: Policy): Date {
  return new Date(callAt.getTime() + policy.followUp.escalateAfterDays * day);
}

/**
 * Who calls a customer: the designated agent (R-FUP-1), or, for a customer nobody was designated
 * for yet, one of the branch's active follow-up agents chosen by the customer's id (the same one
 * every time, and customers spread evenly); a branch without follow-up agents falls back to its
 * supervisors. While the agent is away, their delegate.
 */
export function agentFor(
  customer: Pick<Customer, 'id' | 'followUpAgentId'>,
  members: readonly StaffMember[],
) {
  const designated = members.find((m) => m.id === customer.followUpAgentId && isActive(m));
  if (designated) return designated.id;
  const pool = (role: StaffMember['roles'][number]) =>
    members.filter((m) => isActive(m) && m.roles.includes(role)).sort((a, b) => a.id.localeCompare(b.id));
  const agents = pool('follow-up').length > 0 ? pool('follow-up') : pool('supervisor');
  return agents[dutyShard(customer.id, Math.max(agents.length, 1))]?.id;
}

/** The end of the branch's local day that `at` falls in (R-FUP-4 "當日"). */
export function endOfLocalDay(at: Date, timeZone: string): Date {
  return new Date(startOfLocalDay(addDays(localDate(at, timeZone), 1), timeZone));
}

/** The customer a follow-up duty is about (its subject, or the payload of a call's duty). */
function customerOfDuty(duty: Duty): string | undefined {
  if (duty.subject.kind === 'customer') return duty.subject.id;
  const id = duty.payload.customerId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The checks of a call as typed in (R-FUP-2, R-FUP-6): it happened (a minute's skew allowed), it
 * is recorded within the policy's days of taking place, a follow-up call names what it covered,
 * and an incoming call is a consultation or a complaint. 400 naming the field.
 */
export function checkCallBody(
  body: { purpose: Call['purpose']; direction: Call['direction']; topics: readonly CallTopic[] },
  at: Date,
  now: Date,
  policy: Policy,
): void {
  if (at.getTime() > now.getTime() + policy.followUp.callClockSkewMinutes * 60_000) {
    throw new ValidationError([{ path: 'body.at', message: 'A call cannot be recorded before it happens' }]);
  }
  const withinDays = policy.followUp.recordCallWithinDays;
  if (at.getTime() < now.getTime() - withinDays * day) {
    throw new ValidationError([
      { path: 'body.at', message: `Record a call within ${withinDays} days of when it took place` },
    ]);
  }
  if (body.purpose === 'follow-up' && body.topics.length === 0) {
    throw new ValidationError([
      {
        path: 'body.topics',
        message: 'Name what the follow-up call covered (R-FUP-2: vehicle use, opinion, advice …)',
      },
    ]);
  }
  if (body.direction === 'incoming' && body.purpose === 'follow-up') {
    throw new ValidationError([
      { path: 'body.purpose', message: 'An incoming call is a consultation or a complaint' },
    ]);
  }
}

/** Which duty kinds a call carries out, and the purpose it must then have (R-FUP-4, R-FUP-6). */
const callDuties: Readonly<Record<string, Call['purpose']>> = {
  'follow-up-call': 'follow-up',
  'tell-customer': 'solution',
};

/**
 * The duty a call carries out, checked: its kind fits the call, it is about this customer, it is
 * still open, and the caller is its assignee or a supervisor.
 */
export function checkCallDuty(
  duty: Duty,
  body: { purpose: Call['purpose']; customerId: string },
  actor: Pick<Actor, 'staffId' | 'roles'>,
): void {
  const purpose = callDuties[duty.kind];
  if (!purpose) {
    throw new ValidationError([
      { path: 'body.dutyId', message: `A ${duty.kind} duty is not carried out by a call` },
    ]);
  }
  if (purpose !== body.purpose) {
    throw new ValidationError([
      { path: 'body.purpose', message: `A call for a ${duty.kind} duty has the purpose ${purpose}` },
    ]);
  }
  if (customerOfDuty(duty) !== body.customerId) {
    throw new ValidationError([
      { path: 'body.dutyId', message: `Duty ${duty.id} is about another customer` },
    ]);
  }
  if (duty.completedAt || duty.status === 'cancelled') {
    throw new ConflictError(`duty ${duty.id} is already ${duty.completedAt ? 'completed' : 'cancelled'}`);
  }
  if (duty.assignee !== actor.staffId && !actor.roles.includes('supervisor')) {
    throw new ForbiddenError(`duty ${duty.id} is assigned to someone else; their supervisor may record it`);
  }
}

/**
 * R-FUP-3: the second call's content must not repeat the first's: it covers at least one topic
 * the first did not.
 */
export function repeatsFirstCall(topics: readonly CallTopic[], firstTopics: readonly CallTopic[]): boolean {
  return topics.every((t) => firstTopics.includes(t));
}

/** The follow-up round (1 or 2, R-FUP-2, R-FUP-3) of the duty a call carries out; none for other calls. */
export function callRound(duty: Duty | undefined): number | undefined {
  return duty?.kind === 'follow-up-call' ? Number(duty.payload.round ?? 1) : undefined;
}

/** R-FUP-3 on the duty a call carries out: the second round's call adds a topic (422). */
export function checkSecondCall(duty: Duty, topics: readonly CallTopic[]): void {
  const round = callRound(duty);
  const firstTopics = callTopic.array().safeParse(duty.payload.firstCallTopics);
  if (round === 2 && firstTopics.success && repeatsFirstCall(topics, firstTopics.data)) {
    throw new RuleViolationError(
      `The second follow-up must not repeat the first (${firstTopics.data.join(', ')}): add a topic it did not cover`,
      'R-FUP-3',
    );
  }
}

/** Where an absence stands at `now`: the stored times say it, so nothing has to flip a status. */
export function absenceStatus(a: Pick<Absence, 'from' | 'until' | 'endedAt'>, now: Date): Absence['status'] {
  const from = Date.parse(a.from);
  const end = Math.min(Date.parse(a.until), a.endedAt ? Date.parse(a.endedAt) : Number.POSITIVE_INFINITY);
  if (end <= from) return 'cancelled';
  if (end <= now.getTime()) return 'ended';
  return from <= now.getTime() ? 'active' : 'scheduled';
}

const overlaps = (a: { from: string; until: string }, b: { from: string; until: string }) =>
  Date.parse(a.from) < Date.parse(b.until) && Date.parse(b.from) < Date.parse(a.until);

/** R-FUP-1: an absence recorded now must not be over already (400 naming `body.until`). */
export function checkAbsenceNotOver(body: { until: string }, now: Date): void {
  if (Date.parse(body.until) <= now.getTime()) {
    throw new ValidationError([{ path: 'body.until', message: 'The absence must not be over already' }]);
  }
}

function activeMember(members: readonly StaffMember[], id: string, field: string): StaffMember {
  const found = members.find((m) => m.id === id);
  if (!found || !isActive(found)) {
    throw new ValidationError([
      { path: field, message: `No active staff member ${id} works at this branch` },
    ]);
  }
  return found;
}

/**
 * R-FUP-1 ("由業務主管臨時指派本部其他人員暫時代理工作"): a new absence names an active person of the
 * branch and an active delegate; it does not overlap another absence of the same person (409); the
 * person is not standing in for someone else meanwhile (one level of delegation only: duties moved
 * to a delegate remember whose they are and go back when that absence ends; a delegate who left in
 * turn would pass them on and lose that), and the delegate is not away meanwhile (422).
 */
export function checkNewAbsence(input: {
  body: { staffId: string; delegateId: string; from: string; until: string };
  members: readonly StaffMember[];
  /** The absences of the person, not over yet. */
  own: readonly Absence[];
  /** The absences of the delegate, not over yet. */
  delegates: readonly Absence[];
  /** Every absence of the branch not over yet. */
  standingIn: readonly Absence[];
}): { absent: StaffMember; delegate: StaffMember } {
  const { body } = input;
  const absent = activeMember(input.members, body.staffId, 'body.staffId');
  const delegate = activeMember(input.members, body.delegateId, 'body.delegateId');
  const clash = input.own.find((a) => overlaps(a, body));
  if (clash) {
    throw new ConflictError(
      `${absent.name} is already away from ${clash.from} until ${clash.until} (absence ${clash.id})`,
    );
  }
  const covering = input.standingIn.find((a) => a.delegate.staffId === body.staffId && overlaps(a, body));
  if (covering) {
    throw new RuleViolationError(
      `${absent.name} stands in for ${covering.staff.name} until ${covering.until}; end that absence or choose another delegate for it first`,
      'R-FUP-1',
    );
  }
  const delegateAway = input.delegates.find((a) => overlaps(a, body));
  if (delegateAway) {
    throw new RuleViolationError(
      `The delegate ${delegate.name} is away from ${delegateAway.from} until ${delegateAway.until}; choose someone present`,
      'R-FUP-1',
    );
  }
  return { absent, delegate };
}
