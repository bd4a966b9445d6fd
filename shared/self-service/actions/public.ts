import { confirmAppointment, requestAppointmentMove } from '../../appointments/actions';
import type { Appointment } from '../../appointments/schemas';
import { getAppointment } from '../../appointments/store';
import { getCustomer } from '../../archive/store/customers';
import { branchSettings } from '../../branches/store';
import { getDuty } from '../../duty-engine/store';
import type { Actor } from '../../kernel/access';
import { NotFoundError } from '../../kernel/errors';
import { answerAddOnByCustomer } from '../../orders/actions/completion';
import type { Order } from '../../orders/schemas/order';
import { getOrder } from '../../orders/store/orders';
import type { Store } from '../../platform/dynamo/client';
import { type LinkAction, purposesAllowing } from '../rules/links';
import type { Link, LinkView } from '../schemas/links';
import { type ResolvedLink, resolveLink, spendLinkStep } from './links';
import { surveyView } from './survey';

/**
 * The public routes' use cases (R-SELF-1, R-ADD-2, R-APT-1): each resolves the link first (rate
 * limits, expiry, revocation, purpose), then works on the link's own record only: ids in the
 * path or body are looked up inside that record, so another record's id is a 404.
 */
export interface LinkCall {
  token: string | undefined;
  sourceIp: string | undefined;
  now: Date;
}

function resolveFor(store: Store, call: LinkCall, action: LinkAction): Promise<ResolvedLink> {
  return resolveLink(store, { ...call, purposes: purposesAllowing(action), action });
}

/** The customer as the one acting (R-SELF-1: recorded as answered by the customer, through the link). */
function customerActor(link: Link, name: string): Actor {
  return {
    staffId: `customer:${link.customerId}`,
    login: 'self-service-link',
    name: `${name} (self-service link)`,
    roles: [],
    branches: [link.branchId],
  };
}

const customerState: Record<Order['state'], NonNullable<LinkView['order']>['state']> = {
  draft: 'booked',
  confirmed: 'booked',
  in_workshop: 'in_progress',
  awaiting_addon: 'waiting_for_you',
  quality_check: 'checking',
  ready: 'ready',
  declined: 'done',
  settled: 'done',
  exited: 'done',
  cancelled: 'cancelled',
};

async function orderView(store: Store, order: Order): Promise<NonNullable<LinkView['order']>> {
  const pickupId = order.duties?.pickupNotice;
  const pickup = pickupId ? await getDuty(store, order.branchId, pickupId).catch(() => undefined) : undefined;
  const line = (l: { description: string; amount: number }) => ({
    description: l.description,
    amount: l.amount,
  });
  return {
    plate: order.plate,
    state: customerState[order.state],
    ...(order.promisedAt ? { promisedAt: order.promisedAt } : {}),
    ...(pickup?.status === 'pending'
      ? { nextNotice: { kind: 'pickup-notice' as const, at: pickup.fireAt } }
      : {}),
    currency: order.currency,
    lines: order.lines.map(line),
    total: order.totals.total,
    pendingAddOns: order.addOns
      .filter((a) => a.status === 'pending')
      .map((a) => ({
        id: a.id,
        description: a.description,
        reason: a.reason,
        lines: a.lines.map(line),
        price: a.price,
        extraMinutes: a.extraMinutes,
        safetyRelated: a.safetyRelated,
      })),
    answeredAddOns: order.addOns
      .filter((a) => a.status !== 'pending')
      .map((a) => ({
        id: a.id,
        description: a.description,
        price: a.price,
        decision: a.status as 'approved' | 'declined',
      })),
  };
}

function appointmentView(appointment: Appointment, link: Link): NonNullable<LinkView['appointment']> {
  return {
    plate: appointment.plate,
    startAt: appointment.startAt,
    work: appointment.work,
    state: appointment.state,
    // A spent appointment link that did not confirm asked to move it.
    moveRequested: Boolean(link.spentAt) && appointment.confirmation?.method !== 'link',
  };
}

/** What the link shows, from its record (reads only: a GET changes nothing but the rate counters). */
async function viewOf(
  store: Store,
  link: Link,
  record: { order?: Order; appointment?: Appointment } = {},
): Promise<LinkView> {
  const [branch, customer] = await Promise.all([
    branchSettings(store, link.branchId),
    getCustomer(store, link.branchId, link.customerId),
  ]);
  const base: LinkView = {
    purpose: link.purpose,
    expiresAt: link.expiresAt,
    spent: Boolean(link.spentAt),
    branch: { name: branch.name, ...(branch.phone ? { phone: branch.phone } : {}), locale: branch.locale },
    locale: customer.locale,
  };
  if (link.purpose === 'survey') return { ...base, survey: await surveyView(store, link) };
  if (link.record.kind === 'order') {
    const order = record.order ?? (await getOrder(store, link.branchId, link.record.id));
    return { ...base, order: await orderView(store, order) };
  }
  const appointment = record.appointment ?? (await getAppointment(store, link.branchId, link.record.id));
  return { ...base, appointment: appointmentView(appointment, link) };
}

/** R-SELF-1: `GET /public/link`. */
export async function showLink(store: Store, call: LinkCall): Promise<LinkView> {
  const link = await resolveFor(store, call, 'view');
  return viewOf(store, link);
}

/**
 * R-ADD-2, R-SELF-1: the customer approves or declines one pending item of their order. The link
 * is spent, in the same transaction, when no item of the order is pending any more.
 */
export async function answerAddOnByLink(
  store: Store,
  call: LinkCall,
  input: { addOnId: string; decision: 'approved' | 'declined' },
): Promise<LinkView> {
  const link = await resolveFor(store, call, 'answer-addon');
  if (link.record.kind !== 'order') throw new NotFoundError('This link opens no order');
  const order = await getOrder(store, link.branchId, link.record.id);
  if (!order.addOns.some((a) => a.id === input.addOnId)) {
    throw new NotFoundError(`The order has no add-on item ${input.addOnId}`);
  }
  const at = call.now.toISOString();
  let spent = false;
  const answered = await answerAddOnByCustomer(store, {
    order,
    addOnId: input.addOnId,
    decision: input.decision,
    actor: customerActor(link, order.customerName),
    at,
    extraSteps: (next) => {
      if (next.addOns.some((a) => a.status === 'pending')) return [];
      spent = true;
      return spendLinkStep(store, link, at);
    },
  });
  return viewOf(store, spent ? { ...link, spentAt: at } : link, { order: answered });
}

/** R-APT-1, R-SELF-1: the customer confirms the appointment (method `link`); the link is spent. */
export async function confirmAppointmentByLink(store: Store, call: LinkCall): Promise<LinkView> {
  const link = await resolveFor(store, call, 'confirm-appointment');
  const appointment = await getAppointment(store, link.branchId, link.record.id);
  const at = call.now.toISOString();
  const confirmed = await confirmAppointment(
    store,
    { branchId: link.branchId, appointmentId: appointment.id },
    { version: appointment.version, by: appointment.customerName, method: 'link' },
    customerActor(link, appointment.customerName),
    spendLinkStep(store, link, at),
  );
  return viewOf(store, { ...link, spentAt: at }, { appointment: confirmed });
}

/** R-APT-1, R-SELF-1: the customer asks to move it: a call-back duty for the advisor; the link is spent. */
export async function requestMoveByLink(
  store: Store,
  call: LinkCall,
  request: { preferredTimes?: string[] | undefined; note?: string | undefined },
): Promise<LinkView> {
  const link = await resolveFor(store, call, 'move-appointment');
  const appointment = await getAppointment(store, link.branchId, link.record.id);
  const at = call.now.toISOString();
  await requestAppointmentMove(store, appointment, request, {
    actor: customerActor(link, appointment.customerName),
    now: call.now,
    extraSteps: spendLinkStep(store, link, at),
  });
  return viewOf(store, { ...link, spentAt: at }, { appointment });
}
