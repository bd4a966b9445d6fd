import * as z from 'zod';
import { duty } from '../duty-engine/schemas';
import { branchRoles, type Role } from '../kernel/access';
import { branchId, page, pageQuery } from '../kernel/schemas';
import { defineRoute } from '../platform/http/contract';
import { visit } from '../reception/schemas/visit';
import {
  appointment,
  appointmentParams,
  bayDay,
  bayDayQuery,
  bookAppointmentBody,
  cancelAppointmentBody,
  checkInBody,
  confirmAppointmentBody,
  moveAppointmentBody,
  recordDepositBody,
} from './schemas';

/**
 * Appointments 預約維修 (R-APT-1..5): advisors book, confirm, move, cancel and check in; the
 * cashier takes the deposit (R-APT-2); the workshop reads the bays of a day (R-APT-3).
 */
const bookers: readonly Role[] = ['advisor', 'supervisor'];
const readers: readonly Role[] = ['advisor', 'supervisor', 'cashier', 'dispatcher', 'follow-up'];
const tag = 'Appointments';

export const bookAppointmentRoute = /* @__PURE__ */ defineRoute({
  id: 'bookAppointment',
  method: 'POST',
  path: '/branches/{branchId}/appointments',
  entry: 'functions/appointments/book.ts',
  summary:
    'Book an appointment: explicit time on a slot, work, vehicle, duration (bays held); a full slot is 409 with nextFreeSlots (R-APT-1, R-APT-3)',
  tag,
  roles: bookers,
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  body: bookAppointmentBody,
  response: appointment,
  status: 201,
  idempotent: true,
});

export const getAppointmentRoute = /* @__PURE__ */ defineRoute({
  id: 'getAppointment',
  method: 'GET',
  path: '/branches/{branchId}/appointments/{appointmentId}',
  entry: 'functions/appointments/get.ts',
  summary: 'The appointment form 維修預約單 (R-APT-1)',
  tag,
  roles: readers,
  params: appointmentParams,
  response: appointment,
});

export const confirmAppointmentRoute = /* @__PURE__ */ defineRoute({
  id: 'confirmAppointment',
  method: 'POST',
  path: '/branches/{branchId}/appointments/{appointmentId}/confirm',
  entry: 'functions/appointments/confirm.ts',
  summary:
    "Record the customer's confirmation (who, how); confirmed once the deposit is in when one is needed (R-APT-1, R-APT-2)",
  tag,
  roles: bookers,
  params: appointmentParams,
  body: confirmAppointmentBody,
  response: appointment,
});

export const recordAppointmentDepositRoute = /* @__PURE__ */ defineRoute({
  id: 'recordAppointmentDeposit',
  method: 'POST',
  path: '/branches/{branchId}/appointments/{appointmentId}/deposit',
  entry: 'functions/appointments/record-deposit.ts',
  summary:
    'Record the deposit for the high-value parts: at least half their price (R-APT-2); carried into the repair order at arrival (R-PKP-4)',
  tag,
  roles: ['cashier'],
  params: appointmentParams,
  body: recordDepositBody,
  response: appointment,
});

export const moveAppointmentRoute = /* @__PURE__ */ defineRoute({
  id: 'moveAppointment',
  method: 'POST',
  path: '/branches/{branchId}/appointments/{appointmentId}/move',
  entry: 'functions/appointments/move.ts',
  summary: 'Move the appointment: bays freed and taken, reminder and no-show check moved (R-APT-3, R-X-3)',
  tag,
  roles: bookers,
  params: appointmentParams,
  body: moveAppointmentBody,
  response: appointment,
});

export const cancelAppointmentRoute = /* @__PURE__ */ defineRoute({
  id: 'cancelAppointment',
  method: 'POST',
  path: '/branches/{branchId}/appointments/{appointmentId}/cancel',
  entry: 'functions/appointments/cancel.ts',
  summary: 'Cancel with a reason: bays freed, reminder cancelled, the workshop told (R-APT-5, R-X-3)',
  tag,
  roles: bookers,
  params: appointmentParams,
  body: cancelAppointmentBody,
  response: appointment,
});

export const checkInAppointmentRoute = /* @__PURE__ */ defineRoute({
  id: 'checkInAppointment',
  method: 'POST',
  path: '/branches/{branchId}/appointments/{appointmentId}/checkIn',
  entry: 'functions/appointments/check-in.ts',
  summary: 'The customer arrived: the appointment becomes the visit, carrying its deposit (R-APT-5, R-REC-1)',
  tag,
  roles: ['advisor', 'supervisor'],
  params: appointmentParams,
  body: checkInBody,
  response: z
    .object({ appointment, visit })
    .meta({ id: 'AppointmentCheckIn', description: 'The appointment, arrived, and the visit it became' }),
});

export const appointmentDutiesRoute = /* @__PURE__ */ defineRoute({
  id: 'appointmentDuties',
  method: 'GET',
  path: '/branches/{branchId}/appointments/{appointmentId}/duties',
  entry: 'functions/appointments/duties.ts',
  summary:
    'Every duty of an appointment: the reminder (fireAt: when the SMS goes; its letter once sent), the no-show check, the workshop notices (R-X-5)',
  tag,
  roles: branchRoles,
  params: appointmentParams,
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(duty),
});

export const bayDayRoute = /* @__PURE__ */ defineRoute({
  id: 'bayDay',
  method: 'GET',
  path: '/branches/{branchId}/bays',
  entry: 'functions/appointments/bays.ts',
  summary: "A local day's slots: bays held and free in each (R-APT-3); one Query",
  tag,
  roles: readers,
  params: /* @__PURE__ */ z.strictObject({ branchId }),
  query: bayDayQuery,
  response: bayDay,
});
