import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { scheduleDuty } from '../../shared/duty-engine/store';
import { branchRoles } from '../../shared/kernel/access';
import { addDays, localDate, localWallTime } from '../../shared/kernel/local-time';
import { phoneOptOutStep } from '../../shared/letters/store';
import type { OrderState } from '../../shared/orders/rules/state-machine';
import type { Order } from '../../shared/orders/schemas/order';
import { store } from '../../shared/platform/dynamo/client';
import { transact } from '../../shared/platform/dynamo/records';
import { isBranchScoped, type RouteContract } from '../../shared/platform/http/contract';
import { hashToken, linkSigner } from '../../shared/platform/ports/link-signer';
import { produceReport } from '../../shared/reports/actions/reports';
import { allRoutes } from '../../shared/routes';
import { issueLinkSteps } from '../../shared/self-service/store/links';
import { call, givenBranch, staff, system, type TestActor } from '../support/api';
import { fromNow, testNow } from '../support/clock';
import { exitBody, givenEstimate, givenOrder } from '../support/orders';

/**
 * R-ACC-3 for every route: a person holding every branch role at branch A can neither read nor
 * change anything of branch B. Each request is one that B's own staff may make (the control call
 * proves it succeeds), so the 403 comes from the branch alone, and B reads the same afterwards.
 */
interface World {
  a: string;
  b: string;
  insiderB: TestActor;
  customerId: string;
  vehicleId: string;
  staffId: string;
}

type Sample = (w: World) => Promise<{ path: string; body?: unknown; query?: Record<string, string> }>;

const version = async (w: World, path: string) =>
  (await call(w.insiderB, 'GET', path)).body.version as number;
const uniquePhone = () => `139${String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0')}`;
let plateSeq = 0;
const inHours = (h: number) => fromNow(h * 3_600_000);
/** Branch B's insider as the one team on an order. */
const insiderTeam = (w: World): Order['teams'] => [
  {
    teamId: w.insiderB.staffId,
    teamName: 'Insider B',
    assignedAt: fromNow(0),
    assignedBy: { staffId: 'DISPATCH', name: 'Dispatcher' },
  },
];
const orderOf = (w: World, state: OrderState, overrides: Partial<Order> = {}) =>
  givenOrder(w.b, { customerId: w.customerId, vehicleId: w.vehicleId, plate: '粤B12345' }, state, overrides);
/** A dispatcher and team lead of branch B (a membership item), hired once. */
let workshopPersonId: string | undefined;
async function workshopPerson(w: World): Promise<string> {
  if (!workshopPersonId) {
    const hired = await call(system, 'POST', '/staff', {
      body: {
        login: `iso.${ulid().slice(-8).toLowerCase()}`,
        name: 'Workshop of B',
        roles: ['dispatcher', 'team-lead'],
        branches: [w.b],
      },
    });
    workshopPersonId = hired.body.id as string;
  }
  return workshopPersonId;
}

const diagnosisBody = { findings: [{ system: 'brakes', finding: 'Pads worn', severity: 'advise' }] };
const estimateBody = (w: World) => ({
  customerId: w.customerId,
  vehicleId: w.vehicleId,
  pricingMethod: 'system',
  lines: [{ kind: 'labour', description: 'Replace pads', system: 'brakes', hours: 1, rate: 20_000 }],
});
async function givenVisit(w: World): Promise<string> {
  const visit = await call(w.insiderB, 'POST', `/branches/${w.b}/visits`, {
    body: { purpose: 'repair', customerId: w.customerId, vehicleId: w.vehicleId },
  });
  return visit.body.id;
}
async function givenDiagnosis(w: World): Promise<string> {
  const visitPath = `/branches/${w.b}/visits/${await givenVisit(w)}`;
  const report = await call(w.insiderB, 'POST', `${visitPath}/diagnosis`, { body: diagnosisBody });
  return `${visitPath}/diagnosis/${report.body.id}`;
}
async function givenEstimatePath(w: World): Promise<string> {
  const estimate = await call(w.insiderB, 'POST', `/branches/${w.b}/estimates`, { body: estimateBody(w) });
  return `/branches/${w.b}/estimates/${estimate.body.id}`;
}

const receptionSamples: Record<string, Sample> = {
  createVisit: async (w) => ({
    path: `/branches/${w.b}/visits`,
    body: { purpose: 'repair', customerId: w.customerId, vehicleId: w.vehicleId },
  }),
  getVisit: async (w) => ({ path: `/branches/${w.b}/visits/${await givenVisit(w)}` }),
  closeVisit: async (w) => ({
    path: `/branches/${w.b}/visits/${await givenVisit(w)}/close`,
    body: { version: 1, outcome: 'answered', answer: 'Answered at the desk' },
  }),
  recordDiagnosis: async (w) => ({
    path: `/branches/${w.b}/visits/${await givenVisit(w)}/diagnosis`,
    body: diagnosisBody,
  }),
  getDiagnosis: async (w) => ({ path: await givenDiagnosis(w) }),
  showDiagnosis: async (w) => ({ path: `${await givenDiagnosis(w)}/show`, body: { version: 1 } }),
  createEstimate: async (w) => ({ path: `/branches/${w.b}/estimates`, body: estimateBody(w) }),
  getEstimate: async (w) => ({ path: await givenEstimatePath(w) }),
  reviseEstimate: async (w) => ({
    path: await givenEstimatePath(w),
    body: { version: 1, pricingMethod: 'item' },
  }),
  presentEstimate: async (w) => ({ path: `${await givenEstimatePath(w)}/present`, body: { version: 1 } }),
  acceptEstimate: async (w) => {
    const path = await givenEstimatePath(w);
    await call(w.insiderB, 'POST', `${path}/present`, { body: { version: 1 } });
    return { path: `${path}/accept`, body: { version: 2 } };
  },
  declineEstimate: async (w) => ({ path: `${await givenEstimatePath(w)}/decline`, body: { version: 1 } }),
};

const ownerOf = (w: World) => ({ customerId: w.customerId, vehicleId: w.vehicleId, plate: '粤B12345' });
const orderAction =
  (state: OrderState, action: string, body: object, overrides: () => Partial<Order> = () => ({})): Sample =>
  async (w) => {
    const order = await givenOrder(w.b, ownerOf(w), state, overrides());
    return {
      path: `/branches/${w.b}/orders/${order.id}/${action}`,
      body: { version: order.version, ...body },
    };
  };
const someone = { staffId: 'S', name: 'Someone' };
const hourAgo = () => fromNow(-3_600_000);
const addOnId = ulid();
const completionSamples: Record<string, Sample> = {
  raiseAddOn: orderAction('in_workshop', 'raiseAddOn', {
    description: 'Wipers',
    reason: 'Worn',
    lines: [{ kind: 'fee', description: 'Wipers', feeType: 'other', amount: 5_000 }],
    extraMinutes: 0,
    safetyRelated: false,
  }),
  answerAddOn: orderAction(
    'awaiting_addon',
    'answerAddOn',
    {
      addOnId,
      decision: 'approved',
      channel: 'phone',
      customerContactedAt: hourAgo(),
      workshopToldAt: hourAgo(),
      workshopToldWho: 'Dispatcher',
    },
    () => ({
      addOns: [
        {
          id: addOnId,
          description: 'Wipers',
          reason: 'Worn',
          lines: [],
          price: 0,
          extraMinutes: 0,
          safetyRelated: false,
          raisedBy: someone,
          raisedAt: fromNow(-7_200_000),
          status: 'pending',
        },
      ],
    }),
  ),
  passInspection: orderAction('quality_check', 'passInspection', {
    assembliesInspected: 0,
    recordComplete: true,
  }),
  failInspection: orderAction('quality_check', 'failInspection', {
    findings: 'Noise',
    assembliesInspected: 0,
    recordComplete: true,
  }),
  preparePickup: orderAction('ready', 'preparePickup', {
    cleaned: true,
    belongingsChecked: true,
    billsCollected: true,
  }),
  approveDiscount: orderAction('ready', 'approveDiscount', { amount: 1_000, reason: 'Goodwill' }),
  settleOrder: orderAction('ready', 'settle', {}, () => ({
    pickupPreparation: {
      cleaned: true,
      belongingsChecked: true,
      billsCollected: true,
      recordedBy: someone,
      at: hourAgo(),
    },
  })),
  recordPayment: orderAction('settled', 'recordPayment', { amount: 1_000, method: 'cash' }, () => ({
    settlement: {
      lines: [],
      totals: { labour: 0, parts: 0, fees: 5_000, riskPremium: 0, total: 5_000 },
      discount: 0,
      deposit: 0,
      amountDue: 5_000,
      paid: 0,
      outstanding: 5_000,
      currency: 'CNY',
      issuedBy: someone,
      issuedAt: hourAgo(),
    },
  })),
  exitOrder: orderAction('settled', 'exit', exitBody),
  listDeclinedWork: async (w) => ({ path: `/branches/${w.b}/vehicles/${w.vehicleId}/declined-work` }),
  listRegister: async (w) => ({
    path: `/branches/${w.b}/registers/order`,
    query: { from: '2026-01-01', to: '2026-12-31' },
  }),
  exportRegister: async (w) => ({
    path: `/branches/${w.b}/registers/order/export.csv`,
    query: { from: '2026-01-01', to: '2026-12-31' },
  }),
};

const queueDuty = async (w: World) =>
  scheduleDuty(store(), {
    kind: 'progress-check',
    subject: { kind: 'order', id: 'ISO' },
    branchId: w.b,
    assignee: w.insiderB.staffId,
    openAt: fromNow(-3_600_000),
    dueAt: fromNow(3_600_000),
  });
const dutySamples: Record<string, Sample> = {
  myDuties: async (w) => ({ path: `/branches/${w.b}/duties/mine` }),
  overdueDuties: async (w) => ({ path: `/branches/${w.b}/duties/overdue` }),
  deadDuties: async (w) => ({ path: `/branches/${w.b}/duties/dead` }),
  completeDuty: async (w) => {
    const duty = await queueDuty(w);
    return {
      path: `/branches/${w.b}/duties/${duty.id}/complete`,
      body: { version: duty.version, result: { note: 'checked' } },
    };
  },
};

/** A person of branch B in the table (absences need real, active members). */
const hireInB = async (w: World, role: string) => {
  const hired = await call(system, 'POST', '/staff', {
    body: {
      login: `iso.${ulid().slice(-8).toLowerCase()}`,
      name: `B ${role}`,
      roles: [role],
      branches: [w.b],
    },
  });
  return hired.body.id as string;
};
const openCall = async (w: World) => {
  const made = await call(w.insiderB, 'POST', `/branches/${w.b}/calls`, {
    body: {
      customerId: w.customerId,
      direction: 'incoming',
      purpose: 'consultation',
      keyPoints: '咨詢',
      // A request: a complaint item opens a complaint case and is solved there (R-CMP-1).
      items: [{ kind: 'request', text: '週末能取車嗎' }],
    },
  });
  return made.body as { id: string; version: number };
};
const absenceBody = async (w: World) => {
  const now = testNow();
  return {
    staffId: await hireInB(w, 'follow-up'),
    delegateId: await hireInB(w, 'follow-up'),
    from: new Date(now + 86_400_000).toISOString(),
    until: new Date(now + 2 * 86_400_000).toISOString(),
  };
};
const followUpSamples: Record<string, Sample> = {
  recordCall: async (w) => ({
    path: `/branches/${w.b}/calls`,
    body: { customerId: w.customerId, direction: 'incoming', purpose: 'consultation', keyPoints: '詢價' },
  }),
  getCall: async (w) => ({ path: `/branches/${w.b}/calls/${(await openCall(w)).id}` }),
  solveCallItem: async (w) => {
    const made = await openCall(w);
    return {
      path: `/branches/${w.b}/calls/${made.id}/items/1/solution`,
      body: { version: made.version, solution: '已改善' },
    };
  },
  customerCalls: async (w) => ({ path: `/branches/${w.b}/customers/${w.customerId}/calls` }),
  createAbsence: async (w) => ({ path: `/branches/${w.b}/absences`, body: await absenceBody(w) }),
  listAbsences: async (w) => ({ path: `/branches/${w.b}/absences` }),
  endAbsence: async (w) => {
    const made = await call(w.insiderB, 'POST', `/branches/${w.b}/absences`, { body: await absenceBody(w) });
    return { path: `/branches/${w.b}/absences/${made.body.id}/end`, body: { version: made.body.version } };
  },
};

const range = { from: '2026-11-01', to: '2026-11-30' };
const producedReport = async (w: World) => {
  const period = { kind: 'daily' as const, from: '2026-11-02', to: '2026-11-02' };
  await produceReport(store(), w.b, period, new Date(testNow()));
  return `/branches/${w.b}/reports/daily/${period.from}`;
};
const reportSamples: Record<string, Sample> = {
  branchFigures: async (w) => ({ path: `/branches/${w.b}/figures`, query: range }),
  listReports: async (w) => ({ path: `/branches/${w.b}/reports/monthly`, query: range }),
  getReport: async (w) => ({ path: await producedReport(w) }),
  exportReport: async (w) => ({ path: `${await producedReport(w)}/export.csv` }),
  inspectorAssessment: async (w) => ({ path: `/branches/${w.b}/inspectors`, query: range }),
};

/** R-APT: appointments of branch B, each in a slot of its own (tomorrow, or today for a check-in). */
let apptSlot = 0;
const apptStart = (dayOffset: number) => {
  const hour = dayOffset === 0 ? 15 : 8 + (apptSlot++ % 9);
  return slotAt(dayOffset, `${String(hour).padStart(2, '0')}:30`);
};
const slotAt = (dayOffset: number, hhmm: string) =>
  localWallTime(addDays(localDate(fromNow(0), 'Asia/Shanghai'), dayOffset), hhmm, 'Asia/Shanghai');
const bookedIn = async (w: World, dayOffset = 1, extra: Record<string, unknown> = {}) => {
  const made = await call(w.insiderB, 'POST', `/branches/${w.b}/appointments`, {
    body: {
      customerId: w.customerId,
      vehicleId: w.vehicleId,
      origin: 'customer_request',
      startAt: apptStart(dayOffset),
      durationMinutes: 60,
      work: '保养',
      ...extra,
    },
  });
  if (made.status !== 201) throw new Error(`appointment: ${JSON.stringify(made.body)}`);
  return made.body as { id: string; version: number };
};
const appointmentSamples: Record<string, Sample> = {
  bookAppointment: async (w) => ({
    path: `/branches/${w.b}/appointments`,
    body: {
      customerId: w.customerId,
      vehicleId: w.vehicleId,
      origin: 'shop_proposal',
      startAt: apptStart(2),
      durationMinutes: 60,
      work: '保养',
    },
  }),
  getAppointment: async (w) => ({ path: `/branches/${w.b}/appointments/${(await bookedIn(w)).id}` }),
  appointmentDuties: async (w) => ({
    path: `/branches/${w.b}/appointments/${(await bookedIn(w)).id}/duties`,
  }),
  confirmAppointment: async (w) => {
    const made = await bookedIn(w);
    return {
      path: `/branches/${w.b}/appointments/${made.id}/confirm`,
      body: { version: made.version, by: '陈先生', method: 'phone' },
    };
  },
  recordAppointmentDeposit: async (w) => {
    const made = await bookedIn(w, 1, { parts: [{ part: '变速箱', price: 500_000 }] });
    return {
      path: `/branches/${w.b}/appointments/${made.id}/deposit`,
      body: { version: made.version, amount: 250_000, method: 'cash' },
    };
  },
  moveAppointment: async (w) => {
    const made = await bookedIn(w);
    return {
      path: `/branches/${w.b}/appointments/${made.id}/move`,
      body: { version: made.version, startAt: apptStart(3) },
    };
  },
  cancelAppointment: async (w) => {
    const made = await bookedIn(w);
    return {
      path: `/branches/${w.b}/appointments/${made.id}/cancel`,
      body: { version: made.version, reason: '改期' },
    };
  },
  checkInAppointment: async (w) => {
    const made = await bookedIn(w, 0);
    return { path: `/branches/${w.b}/appointments/${made.id}/checkIn`, body: { version: made.version } };
  },
  bayDay: async (w) => ({
    path: `/branches/${w.b}/bays`,
    query: { date: localDate(fromNow(86_400_000), 'Asia/Shanghai') },
  }),
};

/** R-CMP-1..3: complaint cases of branch B, each taken by B's own staff with a promised response time. */
async function complaintIn(w: World, extra: Record<string, unknown> = {}) {
  const made = await call(w.insiderB, 'POST', `/branches/${w.b}/complaints`, {
    body: {
      channel: 'phone',
      customerId: w.customerId,
      words: '等太久了',
      category: 'waiting',
      respondBy: inHours(4),
      ...extra,
    },
  });
  if (made.status !== 201) throw new Error(`complaint: ${JSON.stringify(made.body)}`);
  return made.body as { id: string; version: number };
}

const complaintSamples: Record<string, Sample> = {
  openComplaint: async (w) => ({
    path: `/branches/${w.b}/complaints`,
    body: {
      channel: 'in_person',
      customerId: w.customerId,
      words: '太贵',
      category: 'price',
      answer: '已解释',
    },
  }),
  getComplaint: async (w) => ({ path: `/branches/${w.b}/complaints/${(await complaintIn(w)).id}` }),
  answerComplaint: async (w) => {
    const made = await complaintIn(w);
    return {
      path: `/branches/${w.b}/complaints/${made.id}/answer`,
      body: { version: made.version, answer: '已处理' },
    };
  },
  promiseComplaintResponse: async (w) => {
    const made = await complaintIn(w);
    return {
      path: `/branches/${w.b}/complaints/${made.id}/promise`,
      body: { version: made.version, respondBy: inHours(8), told: { method: 'phone' } },
    };
  },
  solveComplaint: async (w) => {
    const made = await complaintIn(w);
    return {
      path: `/branches/${w.b}/complaints/${made.id}/solve`,
      body: { version: made.version, solution: '退还工时费' },
    };
  },
  closeComplaint: async (w) => {
    const made = await complaintIn(w, { respondBy: undefined, answer: '已解释' });
    return {
      path: `/branches/${w.b}/complaints/${made.id}/close`,
      body: { version: made.version, satisfaction: 'satisfied' },
    };
  },
};

/** R-SELF-3: a customer's SMS reply in B's staff inbox (a customer-reply duty for B's insider). */
async function replyIn(w: World) {
  return scheduleDuty(store(), {
    kind: 'customer-reply',
    subject: { kind: 'customer', id: w.customerId },
    branchId: w.b,
    assignee: w.insiderB.staffId,
    openAt: fromNow(0),
    dueAt: inHours(1),
    fireAt: inHours(1),
    payload: { customerId: w.customerId, from: '+8613800138000', text: '几点取车？' },
  });
}

const replySamples: Record<string, Sample> = {
  answerReply: async (w) => {
    const duty = await replyIn(w);
    return {
      path: `/branches/${w.b}/replies/${duty.id}/answer`,
      body: { version: duty.version, template: 'thanks' },
    };
  },
  replyComplaint: async (w) => {
    const duty = await replyIn(w);
    return {
      path: `/branches/${w.b}/replies/${duty.id}/complaint`,
      body: { version: duty.version, category: 'waiting' },
    };
  },
  // A phone of its own (the opt-out is chain-wide), opted out by reply, back in with consent.
  smsOptIn: async (w) => {
    const phone = `+86${uniquePhone()}` as const;
    await call(w.insiderB, 'POST', `/branches/${w.b}/customers`, {
      body: { name: '林女士', phones: [{ number: phone }] },
    });
    const out = {
      phone,
      optedOut: true,
      history: [{ change: 'out' as const, at: fromNow(0), how: 'sms_reply: TD', by: phone }],
      version: 1,
    };
    await transact(store(), [phoneOptOutStep(store(), undefined, out)]);
    return {
      path: `/branches/${w.b}/sms-opt-in`,
      body: { phone, consentBy: '林女士', consentAt: fromNow(0), consentHow: 'in_person' },
    };
  },
};

/** R-SELF-1: the staff side of self-service links; refused before any link is looked up. */
const linkSamples: Record<string, Sample> = {
  listLinks: async (w) => ({
    path: `/branches/${w.b}/links`,
    query: { kind: 'order', recordId: ulid() },
  }),
  revokeLink: async (w) => {
    // A link of B's customer, as an SMS duty issues it (the token is never stored, its hash is).
    const linkId = ulid();
    const tokenHash = hashToken(await linkSigner().token(linkId));
    await transact(
      store(),
      issueLinkSteps(store(), {
        link: {
          linkId,
          branchId: w.b,
          customerId: w.customerId,
          purpose: 'status',
          record: { kind: 'order', id: ulid() },
          createdAt: fromNow(0),
          expiresAt: fromNow(7 * 86_400_000),
        },
        tokenHash,
        ttl: Math.floor(testNow() / 1000) + 30 * 86_400,
      }),
    );
    return { path: `/branches/${w.b}/links/${linkId}/revoke` };
  },
};

const samples: Record<string, Sample> = {
  ...linkSamples,
  ...appointmentSamples,
  ...replySamples,
  ...complaintSamples,
  ...receptionSamples,
  ...followUpSamples,
  ...reportSamples,
  ...dutySamples,
  ...completionSamples,
  getBranch: async (w) => ({ path: `/branches/${w.b}` }),
  updateBranch: async (w) => ({
    path: `/branches/${w.b}`,
    body: { version: await version(w, `/branches/${w.b}`), bayCount: 9 },
  }),
  listBranchStaff: async (w) => ({ path: `/branches/${w.b}/staff` }),
  createStaff: async (w) => ({
    path: '/staff',
    body: {
      login: `iso.${ulid().slice(-8).toLowerCase()}`,
      name: 'New hire',
      roles: ['advisor'],
      branches: [w.b],
    },
  }),
  getStaff: async (w) => ({ path: `/staff/${w.staffId}` }),
  updateStaff: async (w) => {
    const read = await call(system, 'GET', `/staff/${w.staffId}`);
    return {
      path: `/staff/${w.staffId}`,
      body: { version: read.body.version, name: `Renamed ${ulid().slice(-4)}` },
    };
  },
  createCustomer: async (w) => ({
    path: `/branches/${w.b}/customers`,
    body: { name: '新客户', phones: [{ number: uniquePhone() }] },
  }),
  getCustomer: async (w) => ({ path: `/branches/${w.b}/customers/${w.customerId}` }),
  updateCustomer: async (w) => {
    const path = `/branches/${w.b}/customers/${w.customerId}`;
    return { path, body: { version: await version(w, path), notes: `note ${ulid()}` } };
  },
  findCustomerByPhone: async (w) => ({ path: `/branches/${w.b}/customers`, query: { phone: '13800138000' } }),
  customerTimeline: async (w) => ({ path: `/branches/${w.b}/customers/${w.customerId}/timeline` }),
  customerDuties: async (w) => ({ path: `/branches/${w.b}/customers/${w.customerId}/duties` }),
  listCustomerVehicles: async (w) => ({ path: `/branches/${w.b}/customers/${w.customerId}/vehicles` }),
  createVehicle: async (w) => ({
    path: `/branches/${w.b}/customers/${w.customerId}/vehicles`,
    body: { plate: `粤B9${String(++plateSeq).padStart(4, '0')}`, vehicleType: 'car' },
  }),
  getVehicle: async (w) => ({ path: `/branches/${w.b}/vehicles/${w.vehicleId}` }),
  getVehicleNextService: async (w) => ({ path: `/branches/${w.b}/vehicles/${w.vehicleId}/next-service` }),
  getCustomerNextService: async (w) => ({ path: `/branches/${w.b}/customers/${w.customerId}/next-service` }),
  updateVehicle: async (w) => {
    const path = `/branches/${w.b}/vehicles/${w.vehicleId}`;
    return { path, body: { version: await version(w, path), colour: `white ${ulid().slice(-4)}` } };
  },
  findVehicleByPlate: async (w) => ({ path: `/branches/${w.b}/vehicles`, query: { plate: '粤B12345' } }),
  // Repair orders up to the inspector's queue (R-RO, R-WS): each sample makes the record it acts on.
  createOrder: async (w) => ({
    path: `/branches/${w.b}/orders`,
    body: { estimateId: (await givenEstimate(w.b, w)).id, promisedAt: inHours(6) },
  }),
  getOrder: async (w) => ({ path: `/branches/${w.b}/orders/${(await orderOf(w, 'draft')).id}` }),
  orderDuties: async (w) => ({
    path: `/branches/${w.b}/orders/${(await orderOf(w, 'in_workshop')).id}/duties`,
  }),
  jobBoard: async (w) => ({ path: `/branches/${w.b}/orders`, query: { state: 'draft' } }),
  listTeams: async (w) => ({ path: `/branches/${w.b}/workshop/teams` }),
  reviseOrder: async (w) => ({
    path: `/branches/${w.b}/orders/${(await orderOf(w, 'draft')).id}/revise`,
    body: { version: 1, otherRequests: 'Wash it' },
  }),
  confirmOrder: async (w) => ({
    path: `/branches/${w.b}/orders/${(await orderOf(w, 'draft')).id}/confirm`,
    body: { version: 1, by: '陈先生', method: 'signature' },
  }),
  cancelOrder: async (w) => ({
    path: `/branches/${w.b}/orders/${(await orderOf(w, 'draft')).id}/cancel`,
    body: { version: 1, reason: 'Changed their mind' },
  }),
  declineOrder: async (w) => ({
    path: `/branches/${w.b}/orders/${(await orderOf(w, 'draft')).id}/decline`,
    body: { version: 1 },
  }),
  recordHandover: async (w) => ({
    path: `/branches/${w.b}/orders/${(await orderOf(w, 'confirmed')).id}/recordHandover`,
    body: {
      version: 1,
      documents: [{ name: 'Vehicle licence', present: true }],
      belongings: [],
      belongingsConfirmedBy: '陈先生',
      keyTag: 'K-1',
      keySlot: `ISO-${ulid().slice(-6)}`,
      fuelLevel: 4,
      odometerKm: 50_000,
    },
  }),
  transferOrder: async (w) => {
    const { handover } = await orderOf(w, 'in_workshop');
    return {
      path: `/branches/${w.b}/orders/${(await orderOf(w, 'confirmed', { handover })).id}/transfer`,
      body: { version: 1, washed: true, receivedBy: await workshopPerson(w), mode: 'multi_team' },
    };
  },
  assignTeams: async (w) => ({
    path: `/branches/${w.b}/orders/${(await orderOf(w, 'in_workshop')).id}/assignTeams`,
    body: { version: 1, teamIds: [await workshopPerson(w)] },
  }),
  requestParts: async (w) => {
    const teams = insiderTeam(w);
    return {
      path: `/branches/${w.b}/orders/${(await orderOf(w, 'in_workshop', { teams })).id}/requestParts`,
      body: { version: 1, teamId: w.insiderB.staffId, items: [{ description: 'Wiper blade', quantity: 2 }] },
    };
  },
  deliverParts: async (w) => {
    const partsRequests = [
      {
        id: 'R1',
        items: [{ description: 'Wiper blade', quantity: 2 }],
        requestedBy: { staffId: 'LEAD', name: 'Lead' },
        requestedAt: fromNow(0),
        status: 'requested' as const,
      },
    ];
    return {
      path: `/branches/${w.b}/orders/${(await orderOf(w, 'in_workshop', { partsRequests })).id}/deliverParts`,
      body: { version: 1, requestId: 'R1', receivedBy: '技工 刘' },
    };
  },
  completeWork: async (w) => {
    const teams = insiderTeam(w);
    return {
      path: `/branches/${w.b}/orders/${(await orderOf(w, 'in_workshop', { teams })).id}/completeWork`,
      body: { version: 1 },
    };
  },
  movePromise: async (w) => ({
    path: `/branches/${w.b}/orders/${(await orderOf(w, 'in_workshop')).id}/movePromise`,
    // The next afternoon: inside the branch's opening hours (R-RO-2).
    body: { version: 1, promisedAt: inHours(30), reason: 'Paint needs a second coat' },
  }),
};

/** The routes a branch person could use against another branch: branch paths and staff records. */
const guarded = allRoutes.filter((r) => isBranchScoped(r) || r.path.startsWith('/staff'));

let w: World;

async function snapshot(world: World) {
  const reads = [
    `/branches/${world.b}`,
    `/branches/${world.b}/staff`,
    `/branches/${world.b}/customers/${world.customerId}`,
    `/branches/${world.b}/customers/${world.customerId}/timeline`,
    `/branches/${world.b}/customers/${world.customerId}/vehicles`,
    `/branches/${world.b}/vehicles/${world.vehicleId}`,
  ];
  const bodies = await Promise.all(
    reads.map(async (path) => (await call(world.insiderB, 'GET', path, { query: { limit: '100' } })).body),
  );
  const person = (await call(system, 'GET', `/staff/${world.staffId}`)).body;
  return [...bodies, person];
}

beforeAll(async () => {
  const a = await givenBranch();
  const b = await givenBranch();
  const insiderB = staff([...branchRoles], [b], 'Insider B');
  const customer = await call(insiderB, 'POST', `/branches/${b}/customers`, {
    body: { name: '陈先生', phones: [{ number: '13800138000' }] },
  });
  const vehicle = await call(insiderB, 'POST', `/branches/${b}/customers/${customer.body.id}/vehicles`, {
    body: { plate: '粤B12345', vehicleType: 'car' },
  });
  const person = await call(system, 'POST', '/staff', {
    body: {
      login: `iso.${ulid().slice(-8).toLowerCase()}`,
      name: 'Staff of B',
      roles: ['cashier'],
      branches: [b],
    },
  });
  expect([customer.status, vehicle.status, person.status]).toEqual([201, 201, 201]);
  w = { a, b, insiderB, customerId: customer.body.id, vehicleId: vehicle.body.id, staffId: person.body.id };
});

describe('branch isolation on every route (R-ACC-3)', () => {
  it('has a sample request for every guarded route', () => {
    expect(guarded.map((r) => r.id).filter((id) => !samples[id])).toEqual([]);
  });

  it.each(guarded.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: staff of branch A get 403 for branch B, and B is unchanged',
    async (_name, route: RouteContract) => {
      const sample = samples[route.id];
      if (!sample) throw new Error(`no sample for ${route.id}`);
      const outsider = staff([...branchRoles], [w.a], 'Outsider A');
      const request = await sample(w);
      const before = await snapshot(w);

      const denied = await call(outsider, route.method, request.path, {
        body: request.body,
        query: request.query,
      });

      expect(denied.status).toBe(403);
      expect(denied.body.type).toBe('/problems/forbidden');
      expect(await snapshot(w)).toEqual(before);

      // Control: the very same request from B's own staff (admin for admin-only routes) succeeds.
      const insider = route.roles.some((r) => branchRoles.includes(r)) ? w.insiderB : system;
      const allowed = await call(insider, route.method, request.path, {
        body: request.body,
        query: request.query,
      });
      expect(allowed.status).toBeLessThan(300);
    },
  );
});
