import * as z from 'zod';
import { branchId, isoDateTime } from '../../kernel/schemas';
import { surveyView } from './survey';

/**
 * A self-service link (R-SELF-1): what it is for and the one record it opens. The token itself is
 * never stored: the item is keyed by its SHA-256 (shared/platform/ports/link-signer.ts).
 */
const linkPurpose = /* @__PURE__ */ z.enum(['status', 'addon', 'appointment', 'survey']).meta({
  description:
    'What the link lets the customer do: see the repair, answer add-on items, confirm an appointment, answer the survey',
});
export type LinkPurpose = z.infer<typeof linkPurpose>;

const linkRecord = /* @__PURE__ */ z.strictObject({
  kind: z.enum(['order', 'appointment']),
  id: z.string().min(1),
});

export const link = /* @__PURE__ */ z
  .strictObject({
    linkId: z.string().min(1),
    branchId: z.string().min(1),
    customerId: z.string().min(1),
    purpose: linkPurpose,
    record: linkRecord,
    createdAt: isoDateTime,
    expiresAt: isoDateTime,
    revokedAt: isoDateTime.optional(),
    spentAt: isoDateTime.optional(),
  })
  .meta({ id: 'Link' });
export type Link = z.infer<typeof link>;

const minor = /* @__PURE__ */ z
  .number()
  .int()
  .meta({ description: 'Minor units (fen/cents) of the branch currency' });

/** An order's state as the customer reads it (R-SELF-1): fewer words than the workshop's. */
const customerOrderState = /* @__PURE__ */ z
  .enum(['booked', 'in_progress', 'waiting_for_you', 'checking', 'ready', 'done', 'cancelled'])
  .meta({
    description:
      'booked (not in the workshop yet), in_progress, waiting_for_you (an add-on item needs your answer), checking (quality check), ready (to collect), done (settled or left), cancelled',
  });

const viewLine = /* @__PURE__ */ z.strictObject({ description: z.string(), amount: minor });

const pendingAddOn = /* @__PURE__ */ z.strictObject({
  id: z.string(),
  description: z.string(),
  reason: z.string(),
  lines: z.array(viewLine),
  price: minor,
  extraMinutes: z.number().int(),
  safetyRelated: z.boolean(),
});

/** R-SELF-1, R-ADD-2: what a link to an order shows: the agreed lines, totals and pending items. */
const orderView = /* @__PURE__ */ z
  .strictObject({
    plate: z.string(),
    state: customerOrderState,
    promisedAt: isoDateTime.optional(),
    nextNotice: z
      .strictObject({ kind: z.enum(['pickup-notice']), at: isoDateTime })
      .optional()
      .meta({ description: 'When the shop will next write (the pickup notice)' }),
    currency: z.string(),
    lines: z.array(viewLine).meta({ description: 'The lines the customer agreed to' }),
    total: minor,
    pendingAddOns: z.array(pendingAddOn),
    answeredAddOns: z.array(
      z.strictObject({
        id: z.string(),
        description: z.string(),
        price: minor,
        decision: z.enum(['approved', 'declined']),
      }),
    ),
  })
  .meta({ id: 'CustomerOrderView' });

/** R-APT-1: what a link to an appointment shows. */
const appointmentView = /* @__PURE__ */ z
  .strictObject({
    plate: z.string(),
    startAt: isoDateTime,
    work: z.string(),
    state: z.enum(['booked', 'confirmed', 'arrived', 'no_show', 'cancelled']),
    moveRequested: z.boolean(),
  })
  .meta({ id: 'CustomerAppointmentView' });

/** R-SELF-1: `GET /public/link`: what the link is for and its record as the customer sees it. */
export const linkView = /* @__PURE__ */ z
  .strictObject({
    purpose: linkPurpose,
    expiresAt: isoDateTime,
    spent: z.boolean().meta({ description: 'The link’s action was done; it still shows' }),
    branch: z.strictObject({
      name: z.string(),
      phone: z.string().optional(),
      locale: z.enum(['zh-Hant', 'zh-Hans', 'en']),
    }),
    locale: z.enum(['zh-Hant', 'zh-Hans', 'en']).meta({ description: "The customer's language" }),
    order: orderView.optional(),
    appointment: appointmentView.optional(),
    survey: surveyView.optional(),
  })
  .meta({ id: 'LinkView' });
export type LinkView = z.infer<typeof linkView>;

export const answerAddOnByLinkBody = /* @__PURE__ */ z
  .strictObject({ decision: z.enum(['approved', 'declined']) })
  .meta({ id: 'AnswerAddOnByLink' });

export const addOnParams = /* @__PURE__ */ z.strictObject({ addOnId: z.string().min(1).max(40) });

export const moveRequestBody = /* @__PURE__ */ z
  .strictObject({
    preferredTimes: z
      .array(isoDateTime)
      .max(3)
      .optional()
      .meta({ description: 'Up to three times the customer prefers, with their offset' }),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .meta({ id: 'AppointmentMoveRequest' });

/** Staff: the links of one record (R-SELF-1). */
export const linksQuery = /* @__PURE__ */ z.strictObject({
  kind: linkRecord.shape.kind,
  recordId: z.string().min(1).max(80),
});
export const linkList = /* @__PURE__ */ z.strictObject({ items: z.array(link) }).meta({ id: 'LinkList' });
export const linkParams = /* @__PURE__ */ z.strictObject({
  branchId,
  linkId: z.string().min(1).max(80),
});
