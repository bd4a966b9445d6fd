import * as z from 'zod';
import { customerId } from '../../archive/schemas/customer';
import { vehicleId } from '../../archive/schemas/vehicle';
import { auditFields, branchId, expectedVersion, isoDateTime, text, ulidId } from '../../kernel/schemas';

/**
 * A visit 來訪 (R-REC-1): every arrival at reception is logged with its purpose and whether the
 * customer is new or returning. A simple consultation is answered and closed without an order
 * (reception rule 1(3): "如屬簡單咨詢,可當場答復").
 */

export const visitId = /* @__PURE__ */ ulidId.meta({ description: 'Visit id (ULID)' });

const visitPurpose = /* @__PURE__ */ z
  .enum(['repair', 'maintenance', 'consultation', 'inspection', 'pickup', 'complaint', 'other'])
  .meta({ description: 'Why the customer came (R-REC-1)' });

const visitOutcome = /* @__PURE__ */ z
  .enum(['answered', 'order_opened', 'declined', 'referred'])
  .meta({ description: 'How the visit ended: answered on the spot, a repair order, declined, referred on' });

const visitStatus = /* @__PURE__ */ z.enum(['open', 'closed']);

export const staffRef = /* @__PURE__ */ z.object({ staffId: z.string(), name: z.string() });
export type StaffRef = z.infer<typeof staffRef>;

/** A walk-in without an archive: who they are, so the consultation can be answered and called back. */
const visitorInput = /* @__PURE__ */ z.strictObject({
  name: text(80).meta({ example: '王小姐' }),
  phone: text(40).optional().meta({
    description: 'As typed; stored in E.164. A number on file links the visit to its customer (R-ARC-3)',
  }),
});

export const createVisitBody = /* @__PURE__ */ z
  .strictObject({
    purpose: visitPurpose,
    customerId: customerId
      .optional()
      .meta({ description: 'The archive of the customer; may be left out only for a walk-in consultation' }),
    vehicleId: vehicleId.optional().meta({ description: "One of the customer's vehicles" }),
    visitor: visitorInput.optional(),
    notes: text(2000).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.customerId !== undefined && value.visitor !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['visitor'],
        message: 'Give either customerId or a walk-in visitor',
      });
    }
    if (value.customerId === undefined && value.purpose !== 'consultation') {
      ctx.addIssue({
        code: 'custom',
        path: ['customerId'],
        message: `A ${value.purpose} visit needs the customer's archive (R-ARC-2); only a consultation may be a walk-in`,
      });
    }
    if (value.vehicleId !== undefined && value.customerId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['customerId'],
        message: 'A vehicle comes with its owner: give customerId',
      });
    }
  })
  .meta({ id: 'CreateVisit' });
export type CreateVisit = z.infer<typeof createVisitBody>;

export const closeVisitBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    outcome: visitOutcome,
    answer: text(2000).optional().meta({ description: 'What the customer was told; required when answered' }),
    referredTo: text(200)
      .optional()
      .meta({ description: 'Where the customer was referred; required when referred' }),
    orderId: ulidId.optional().meta({ description: 'The repair order opened (outcome order_opened)' }),
  })
  .superRefine((value, ctx) => {
    if (value.outcome === 'answered' && value.answer === undefined) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: 'Say what the customer was told' });
    }
    if (value.outcome === 'referred' && value.referredTo === undefined) {
      ctx.addIssue({ code: 'custom', path: ['referredTo'], message: 'Say where the customer was referred' });
    }
    if (value.orderId !== undefined && value.outcome !== 'order_opened') {
      ctx.addIssue({
        code: 'custom',
        path: ['orderId'],
        message: 'Only an order_opened visit names an order',
      });
    }
  })
  .meta({ id: 'CloseVisit' });
export type CloseVisit = z.infer<typeof closeVisitBody>;

export const visit = /* @__PURE__ */ z
  .object({
    id: visitId,
    branchId,
    status: visitStatus,
    purpose: visitPurpose,
    customerId: z.string().optional(),
    customerName: z.string().optional(),
    vehicleId: z.string().optional(),
    plate: z.string().optional(),
    visitor: z
      .object({ name: z.string(), phone: z.string().optional().meta({ description: 'E.164' }) })
      .optional(),
    returning: z.boolean().meta({
      description:
        "R-REC-1: the customer's archive was opened before today (branch local date); false for a new customer or walk-in",
    }),
    arrivedAt: isoDateTime,
    advisor: staffRef.meta({ description: 'The advisor who received the customer' }),
    notes: z.string().optional(),
    outcome: visitOutcome.optional(),
    answer: z.string().optional(),
    referredTo: z.string().optional(),
    orderId: z.string().optional(),
    closedAt: isoDateTime.optional(),
    closedBy: staffRef.optional(),
    appointmentId: z
      .string()
      .optional()
      .meta({ description: 'The appointment checked in as this visit (R-APT-5)' }),
    deposit: z
      .object({
        amount: z.number().int(),
        method: z.string(),
        reference: z.string().optional(),
        receivedBy: staffRef,
        at: isoDateTime,
      })
      .optional()
      .meta({
        description:
          "The appointment's deposit (R-APT-2), carried into the repair order made from this visit and deducted at settlement (R-PKP-4)",
      }),
    ...auditFields,
  })
  .meta({ id: 'Visit' });
export type Visit = z.infer<typeof visit>;
