import * as z from 'zod';
import { customerId } from '../archive/schemas/customer';
import { vehicleId } from '../archive/schemas/vehicle';
import {
  auditFields,
  branchId,
  expectedVersion,
  isoDate,
  isoDateTime,
  text,
  ulidId,
} from '../kernel/schemas';
import { payment } from '../orders/schemas/order';
import { staffRef } from '../reception/schemas/visit';

/**
 * Appointments 預約維修 (R-APT-1..5): the form 維修預約單, its register 維修預約登記表, the bays it
 * holds and the requests that make, confirm, pay a deposit on, move, cancel and check it in.
 */

const appointmentId = /* @__PURE__ */ ulidId.meta({ description: 'Appointment id (ULID)' });

const appointmentStates = ['booked', 'confirmed', 'arrived', 'no_show', 'cancelled'] as const;
const appointmentState = /* @__PURE__ */ z.enum(appointmentStates).meta({
  description:
    'booked (waiting for the customer’s confirmation or the deposit), confirmed, arrived (checked in: a visit), no_show, cancelled',
});

/** R-APT-1: the customer asked for it, or the shop proposed it and the customer agreed. */
const origin = /* @__PURE__ */ z.enum(['customer_request', 'shop_proposal']);

/** R-APT-1: how the customer confirmed (the seed's signature, or its equivalents). */
const confirmationMethod = /* @__PURE__ */ z.enum(['in_person', 'phone', 'sms_reply', 'link']).meta({
  description: 'in_person (signed the form), phone, sms_reply or link (once customers answer back)',
});

const purpose = /* @__PURE__ */ z.enum(['repair', 'maintenance', 'inspection']).meta({
  description: 'The visit the appointment becomes at check-in (R-REC-1)',
});

/** R-APT-2: a part to prepare, with its line price in minor units. */
const partLine = /* @__PURE__ */ z.strictObject({
  part: text(120).meta({ example: '前刹车盘(原厂)' }),
  price: z
    .number()
    .int('Money is an integer number of minor units (fen/cents)')
    .positive()
    .max(1_000_000_000)
    .meta({ description: 'Line price in minor units of the branch currency' }),
});

const confirmationInput = /* @__PURE__ */ z.strictObject({
  by: text(80).meta({
    description: 'Who confirmed: the customer or their representative',
    example: '陈先生',
  }),
  method: confirmationMethod,
});

export const bookAppointmentBody = /* @__PURE__ */ z
  .strictObject({
    customerId,
    vehicleId,
    origin,
    purpose: purpose.default('repair'),
    startAt: isoDateTime.meta({
      description:
        'The explicit time, with its offset (R-APT-1), on a slot of the branch (from its opening, every slotMinutes)',
      example: '2031-06-12T09:30:00+08:00',
    }),
    durationMinutes: z
      .number()
      .int()
      .min(15)
      .max(720)
      .meta({ description: 'Expected duration; the bays are held for the whole slots it spans' }),
    work: text(500).meta({ description: 'The work asked for', example: '更换前刹车片、四轮定位' }),
    parts: z.array(partLine).max(30).default([]).meta({
      description: 'Parts to prepare; a line above the branch’s high-value limit needs a deposit (R-APT-2)',
    }),
    confirmation: confirmationInput.optional().meta({
      description: 'The customer’s confirmation, when given while booking (R-APT-1)',
    }),
    notes: text(1000).optional(),
  })
  .meta({ id: 'BookAppointment' });
export type BookAppointment = z.input<typeof bookAppointmentBody>;

export const confirmAppointmentBody = /* @__PURE__ */ z
  .strictObject({ version: expectedVersion, ...confirmationInput.shape })
  .meta({ id: 'ConfirmAppointment' });

export const recordDepositBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    amount: z
      .number()
      .int('Money is an integer number of minor units (fen/cents)')
      .positive()
      .max(1_000_000_000),
    method: payment.shape.method,
    reference: text(80).optional(),
  })
  .meta({ id: 'RecordAppointmentDeposit' });

export const moveAppointmentBody = /* @__PURE__ */ z
  .strictObject({
    version: expectedVersion,
    startAt: isoDateTime.meta({ description: 'The new explicit time, with its offset' }),
    durationMinutes: z.number().int().min(15).max(720).optional(),
    reason: text(200).optional(),
  })
  .meta({ id: 'MoveAppointment' });

export const cancelAppointmentBody = /* @__PURE__ */ z
  .strictObject({ version: expectedVersion, reason: text(200) })
  .meta({ id: 'CancelAppointment' });

export const checkInBody = /* @__PURE__ */ z
  .strictObject({ version: expectedVersion, notes: text(2000).optional() })
  .meta({ id: 'CheckInAppointment' });

const deposit = /* @__PURE__ */ z.object({
  amount: z.number().int(),
  method: payment.shape.method,
  reference: z.string().optional(),
  receivedBy: staffRef,
  at: isoDateTime,
});

export const appointment = /* @__PURE__ */ z
  .object({
    id: appointmentId,
    branchId,
    state: appointmentState,
    awaiting: z
      .array(z.enum(['confirmation', 'deposit']))
      .meta({ description: 'What a booked appointment still needs before it is confirmed' }),
    origin,
    purpose,
    customerId: z.string(),
    customerName: z.string(),
    vehicleId: z.string(),
    plate: z.string(),
    startAt: isoDateTime,
    endAt: isoDateTime.meta({ description: 'End of the last slot held' }),
    durationMinutes: z.number().int(),
    localDate: isoDate.meta({ description: 'The branch-local day of the appointment' }),
    slots: z.array(z.string()).meta({ description: 'Local HH:mm of each slot a bay is held in' }),
    work: z.string(),
    parts: z.array(z.object({ part: z.string(), price: z.number().int() })),
    currency: z.string(),
    highValueParts: z
      .number()
      .int()
      .meta({ description: 'Sum of the part lines above the high-value limit' }),
    depositRequired: z.number().int().meta({ description: 'R-APT-2: at least half the high-value parts' }),
    deposit: deposit.optional(),
    confirmation: z
      .object({ by: z.string(), method: confirmationMethod, at: isoDateTime, recordedBy: staffRef })
      .optional(),
    cancellation: z.object({ reason: z.string(), at: isoDateTime, recordedBy: staffRef }).optional(),
    arrival: z.object({ at: isoDateTime, visitId: z.string(), recordedBy: staffRef }).optional(),
    noShowAt: isoDateTime.optional(),
    moves: z.number().int().min(0),
    reminderAt: isoDateTime.optional().meta({ description: 'When the reminder SMS goes (R-APT-4, R-X-5)' }),
    noShowCheckAt: isoDateTime.meta({ description: 'When it becomes a no-show unless checked in (R-APT-5)' }),
    duties: z.object({
      reminder: z.string().optional(),
      noShow: z.string().optional(),
      workshopNotice: z.string().optional(),
      rebook: z.string().optional(),
    }),
    advisor: staffRef,
    notes: z.string().optional(),
    ...auditFields,
  })
  .meta({ id: 'Appointment' });
export type Appointment = z.infer<typeof appointment>;

const baySlot = /* @__PURE__ */ z.object({
  time: z.string().meta({ description: 'Local HH:mm' }),
  startAt: isoDateTime,
  held: z.number().int(),
  free: z.number().int(),
});

export const bayDay = /* @__PURE__ */ z
  .object({
    branchId,
    date: isoDate,
    timeZone: z.string(),
    bays: z.number().int(),
    slotMinutes: z.number().int(),
    open: z.boolean().meta({ description: 'Whether the branch opens that day' }),
    slots: z.array(baySlot),
  })
  .meta({ id: 'BayDay', description: 'Bays held and free per slot of a local day (R-APT-3)' });
export type BayDay = z.infer<typeof bayDay>;

export const bayDayQuery = /* @__PURE__ */ z.strictObject({
  date: isoDate.meta({ description: 'The branch-local day', example: '2031-06-12' }),
});

export const appointmentParams = /* @__PURE__ */ z.strictObject({ branchId, appointmentId });
