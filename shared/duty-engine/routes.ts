import * as z from 'zod';
import { branchRoles } from '../kernel/access';
import { branchId, expectedVersion, page, pageQuery, ulidId } from '../kernel/schemas';
import { defineRoute } from '../platform/http/contract';
import { duty } from './schemas';

const branchParams = /* @__PURE__ */ z.strictObject({ branchId });

export const myDutiesRoute = /* @__PURE__ */ defineRoute({
  id: 'myDuties',
  method: 'GET',
  path: '/branches/{branchId}/duties/mine',
  entry: 'functions/duties/mine.ts',
  summary: 'My duties now: the open human duties assigned to me, by due time (calls, progress checks)',
  tag: 'Duties',
  roles: branchRoles,
  params: branchParams,
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(duty),
});

export const overdueDutiesRoute = /* @__PURE__ */ defineRoute({
  id: 'overdueDuties',
  method: 'GET',
  path: '/branches/{branchId}/duties/overdue',
  entry: 'functions/duties/overdue.ts',
  summary: "My branch's overdue duties, oldest due first",
  tag: 'Duties',
  roles: ['supervisor', 'dispatcher'],
  params: branchParams,
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(duty),
});

export const deadDutiesRoute = /* @__PURE__ */ defineRoute({
  id: 'deadDuties',
  method: 'GET',
  path: '/branches/{branchId}/duties/dead',
  entry: 'functions/duties/dead.ts',
  summary: 'Duties the sweeper gave up on after its retries (dead-lettered), for follow-up by hand',
  tag: 'Duties',
  roles: ['supervisor'],
  params: branchParams,
  query: /* @__PURE__ */ z.strictObject(pageQuery),
  response: /* @__PURE__ */ page(duty),
});

export const completeDutyRoute = /* @__PURE__ */ defineRoute({
  id: 'completeDuty',
  method: 'POST',
  path: '/branches/{branchId}/duties/{dutyId}/complete',
  entry: 'functions/duties/complete.ts',
  summary: 'Complete a human duty with its result (for a progress check: expected finish and anomaly)',
  tag: 'Duties',
  roles: branchRoles,
  params: /* @__PURE__ */ z.strictObject({ branchId, dutyId: ulidId }),
  body: z
    .strictObject({
      version: expectedVersion,
      result: z
        .record(z.string().max(60), z.union([z.string().max(2000), z.number(), z.boolean()]))
        .refine((r) => Object.keys(r).length <= 30, 'At most 30 fields')
        .meta({
          description:
            'What was found or agreed. A progress check takes exactly { expectedFinish, anomaly, note, customerReason } (each optional; anomaly only when something is wrong, for the supervisor; customerReason, up to 60 characters, is what the delay SMS says)',
        }),
    })
    .meta({ id: 'CompleteDuty' }),
  response: duty,
});
