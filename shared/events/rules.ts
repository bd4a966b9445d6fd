import * as z from 'zod';
import { isoDateTime } from '../kernel/schemas';
import type { ChangeRecord } from '../platform/dynamo/stream';
import { type DetailOf, type DetailType, type DomainEvent, eventDetails } from './schemas';

/**
 * Which domain events one change of one item means (issue 5 item 6): pure, no I/O, the same for
 * the Lambda on the table's stream and the local stream poller.
 *
 * A change publishes an event when the thing happened in it: the sub-record (confirmation,
 * readiness, settlement, exit) is on the new image and was not on the old one, or the status moved
 * to the one that matters. A redelivered record maps to the same events with the same ids; an
 * update that changes something else (a payment after the settlement, a new version of a letter)
 * maps to none. Removed items (TTL, guards) publish nothing.
 *
 * Only the new image is read in full, with the schemas below; of the old one only "was it there
 * already" is asked, so an old image written by an earlier version of an item still compares.
 */
const at = isoDateTime;
const key = /* @__PURE__ */ z.string().min(1);

const orderImage = /* @__PURE__ */ z.object({
  id: key,
  branchId: key,
  customerId: key,
  vehicleId: key,
  currency: z.string(),
  promisedAt: at,
  vehicleType: z.string().optional(),
  repairCategory: z.string().optional(),
  totals: z.object({ total: z.number() }),
  confirmation: z.object({ at }).optional(),
  addOns: z
    .array(
      z.object({
        id: key,
        status: z.string(),
        price: z.number(),
        safetyRelated: z.boolean(),
        extraMinutes: z.number(),
        raisedAt: at,
        answer: z.object({ customerContactedAt: at, channel: z.string() }).optional(),
      }),
    )
    .default([]),
  readyAt: at.optional(),
  settlement: z
    .object({
      totals: z.object({ total: z.number() }),
      discount: z.number(),
      deposit: z.number(),
      amountDue: z.number(),
      paid: z.number(),
      outstanding: z.number(),
      currency: z.string(),
      issuedAt: at,
    })
    .optional(),
  decline: z.object({ at }).optional(),
  exit: z
    .object({ at, warranty: z.object({ until: at }).optional(), nextMaintenanceDate: z.string().optional() })
    .optional(),
});

const letterImage = /* @__PURE__ */ z.object({
  id: key,
  branchId: key,
  customerId: key,
  status: z.string(),
  templateId: z.string(),
  locale: z.string(),
  kind: z.string(),
  segments: z.number(),
  subject: z.object({ kind: z.string(), id: key }).optional(),
  updatedAt: at,
});

const dutyImage = /* @__PURE__ */ z.object({
  id: key,
  branchId: key,
  kind: z.string(),
  subject: z.object({ kind: z.string(), id: key }),
  status: z.string(),
  attempts: z.number(),
  dueAt: at,
  assignee: z.string().optional(),
  deadAt: at.optional(),
  updatedAt: at,
});

type Image = Record<string, unknown>;

/**
 * A change of an item that publishes events, whose new image lacks what its event needs (`what`
 * names the item type, or the event whose detail did not fit the catalog).
 */
export class UnreadableChangeError extends Error {
  constructor(
    readonly recordId: string,
    readonly what: string,
    readonly issues: string[],
  ) {
    super(`Stream record ${recordId}: ${what} cannot be read (${issues.join('; ')})`);
    this.name = 'UnreadableChangeError';
  }
}

const present = (image: Image | undefined, field: string): boolean => {
  const value = image?.[field];
  return value !== undefined && value !== null;
};

/**
 * Builds the events of one record: ids `<record id>#<detail type>[#<part>]`, the same on every
 * delivery. Each detail is parsed with its strict schema from the catalog, so what is published
 * is exactly the contract: a field that is not in it (a phone number, a name) cannot slip out.
 */
class Events {
  readonly list: DomainEvent[] = [];

  constructor(private readonly recordId: string) {}

  add<T extends DetailType>(
    detailType: T,
    time: string,
    detail: Omit<DetailOf<T>, 'eventId'>,
    part?: string,
  ): void {
    const id = [this.recordId, detailType, ...(part ? [part] : [])].join('#');
    const parsed = eventDetails[detailType].safeParse({ eventId: id, ...detail });
    if (!parsed.success) {
      throw new UnreadableChangeError(
        this.recordId,
        detailType,
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    // The schema picked by `detailType` produced `parsed.data`: the pair is one member of the union.
    this.list.push({
      id,
      detailType,
      time: new Date(time).toISOString(),
      detail: parsed.data,
    } as DomainEvent);
  }
}

function orderEvents(before: Image | undefined, order: z.infer<typeof orderImage>, events: Events): void {
  const { id: orderId, branchId, customerId, vehicleId, currency } = order;

  if (order.confirmation && !present(before, 'confirmation')) {
    events.add('OrderConfirmed', order.confirmation.at, {
      branchId,
      orderId,
      customerId,
      vehicleId,
      promisedAt: order.promisedAt,
      ...(order.repairCategory ? { repairCategory: order.repairCategory } : {}),
      ...(order.vehicleType ? { vehicleType: order.vehicleType } : {}),
      total: order.totals.total,
      currency,
    });
  }

  const earlier = new Map(
    (Array.isArray(before?.addOns) ? (before.addOns as unknown[]) : [])
      .filter((a): a is Image => typeof a === 'object' && a !== null)
      .map((a) => [a.id, a.status]),
  );
  for (const addOn of order.addOns) {
    const decision = addOn.status;
    if ((decision !== 'approved' && decision !== 'declined') || earlier.get(addOn.id) === decision) continue;
    events.add(
      'AddOnAnswered',
      addOn.answer?.customerContactedAt ?? addOn.raisedAt,
      {
        branchId,
        orderId,
        addOnId: addOn.id,
        decision,
        price: addOn.price,
        currency,
        safetyRelated: addOn.safetyRelated,
        extraMinutes: addOn.extraMinutes,
        ...(addOn.answer ? { channel: addOn.answer.channel } : {}),
      },
      addOn.id,
    );
  }

  if (order.readyAt && !present(before, 'readyAt')) {
    events.add('OrderReady', order.readyAt, {
      branchId,
      orderId,
      promisedAt: order.promisedAt,
      onTime: Date.parse(order.readyAt) <= Date.parse(order.promisedAt),
    });
  }

  const settlement = order.settlement;
  if (settlement && !present(before, 'settlement')) {
    events.add('OrderSettled', settlement.issuedAt, {
      branchId,
      orderId,
      customerId,
      declined: order.decline !== undefined,
      currency: settlement.currency,
      total: settlement.totals.total,
      discount: settlement.discount,
      deposit: settlement.deposit,
      amountDue: settlement.amountDue,
      paid: settlement.paid,
      outstanding: settlement.outstanding,
    });
  }

  if (order.exit && !present(before, 'exit')) {
    events.add('OrderExited', order.exit.at, {
      branchId,
      orderId,
      customerId,
      vehicleId,
      repaired: order.decline === undefined,
      ...(order.exit.warranty ? { warrantyUntil: order.exit.warranty.until } : {}),
      ...(order.exit.nextMaintenanceDate ? { nextMaintenanceDate: order.exit.nextMaintenanceDate } : {}),
    });
  }
}

function letterEvents(before: Image | undefined, letter: z.infer<typeof letterImage>, events: Events): void {
  if (letter.status !== 'sent' || before?.status === 'sent') return;
  events.add('SmsSent', letter.updatedAt, {
    branchId: letter.branchId,
    letterId: letter.id,
    customerId: letter.customerId,
    templateId: letter.templateId,
    locale: letter.locale,
    kind: letter.kind,
    segments: letter.segments,
    ...(letter.subject ? { subject: { kind: letter.subject.kind, id: letter.subject.id } } : {}),
  });
}

function dutyEvents(before: Image | undefined, duty: z.infer<typeof dutyImage>, events: Events): void {
  if (duty.status !== 'dead' || before?.status === 'dead') return;
  events.add('DutyDeadLettered', duty.deadAt ?? duty.updatedAt, {
    branchId: duty.branchId,
    dutyId: duty.id,
    kind: duty.kind,
    subject: { kind: duty.subject.kind, id: duty.subject.id },
    attempts: duty.attempts,
    dueAt: duty.dueAt,
    ...(duty.assignee ? { assignee: duty.assignee } : {}),
  });
}

function readImage<T extends z.ZodType>(schema: T, record: ChangeRecord, type: string): z.infer<T> {
  const parsed = schema.safeParse(record.after);
  if (parsed.success) return parsed.data;
  throw new UnreadableChangeError(
    record.id,
    type,
    parsed.error.issues.map((i) => `${i.path.join('.') || '(image)'}: ${i.message}`),
  );
}

/**
 * The domain events of one stream record, in the order they happened within it. Throws
 * UnreadableChangeError when an order, letter or duty image lacks a field its event needs: a
 * deterministic fault that a retry cannot mend (the publisher logs it and moves on).
 */
export function domainEventsOf(record: ChangeRecord): DomainEvent[] {
  const { before, after } = record;
  const events = new Events(record.id);
  switch (after?.type) {
    case 'order':
      orderEvents(before, readImage(orderImage, record, 'order'), events);
      break;
    case 'letter':
      letterEvents(before, readImage(letterImage, record, 'letter'), events);
      break;
    case 'duty':
      dutyEvents(before, readImage(dutyImage, record, 'duty'), events);
      break;
    default:
      return [];
  }
  return events.list.sort((a, b) => a.time.localeCompare(b.time));
}
