import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { RouteContract } from './contract';

/**
 * RFC 9457 problem document: every error of the API (R-X-4). The extension members the errors
 * carry are declared here, so the document says everything an answer may hold (the tests
 * validate every answer against it).
 */
export const problemSchema = /* @__PURE__ */ z
  .object({
    type: z.string().meta({ example: '/problems/validation-error' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string().meta({ example: 'body.phones.0.number' }), message: z.string() }))
      .optional()
      .meta({ description: 'One entry per invalid field (400)' }),
    existing: z
      .object({ kind: z.string(), id: z.string(), href: z.string().optional() })
      .optional()
      .meta({ description: 'The record already on file (409 conflict)' }),
    currentVersion: z
      .number()
      .int()
      .optional()
      .meta({ description: 'The stored version (409 version-conflict)' }),
    state: z.string().optional().meta({ description: "The record's state (409 invalid-transition)" }),
    allowedActions: z
      .array(z.string())
      .optional()
      .meta({ description: 'What the state allows instead (409 invalid-transition)' }),
    rule: z.string().optional().meta({ description: 'The shop rule that refuses it (422 rule-violation)' }),
    earliestPromise: z
      .string()
      .optional()
      .meta({ description: 'The earliest promise the rules allow (422, a promise too early)' }),
    extraMinutes: z
      .number()
      .optional()
      .meta({ description: 'Minutes missing to keep the promise (422, a promise too early)' }),
    retryAfter: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Seconds to wait, as in the retry-after header (429, R-SELF-1)' }),
    nextFreeSlots: z
      .array(z.string())
      .optional()
      .meta({ description: 'The next free appointment starts, UTC ISO (409, a full slot, R-APT-3)' }),
  })
  .meta({ id: 'Problem' });

const idempotencyHeader = /* @__PURE__ */ z.object({
  'idempotency-key': z.string().min(1).max(128).optional().meta({
    description:
      'Makes a retried create safe: the same key and body replay the first answer (header idempotent-replayed: true) and create nothing; the same key with another body is 422. Keys last 24 h.',
    example: '3f1c2a9e-6a43-4b8e-9a57-0d5a1a0e2b11',
  }),
});

/**
 * The sections of the document: every operation's `tag` must be one of these (a new area adds
 * its tag here, or the document fails to build and the OpenAPI lint and tests say so).
 */
const tags: Record<string, string> = {
  Branches: "The chain's branches: currency, phone region, hours and the branch's own lead times (admin)",
  Staff: 'People, their roles and the branches they work at (HR, admin)',
  Customers: "The customer archive: owners, phones, consents and each customer's timeline (R-ARC)",
  Vehicles: "The vehicle archive: plates, VINs and each car's declined work (R-ARC)",
  Reception: "A car's visit from arrival to diagnosis (R-RCP)",
  Estimates: 'Estimates presented to the customer and their answers',
  'Repair orders':
    'Repair orders through the workshop, add-ons, inspection, settlement and exit (R-RO, R-WS, R-QC)',
  Registers: 'The registers of filed forms, readable and exported as CSV (R-REG)',
  Duties: 'Work that arrives by itself: my duties, the overdue and the dead-lettered (R-X-3)',
  'Follow-up': 'Follow-up calls, requests and their solutions, and staff absences (R-FUP)',
  Metrics: 'Figures of a branch and of the chain, from the day aggregates (R-RPT-3)',
  Appointments: 'Appointments, the bays they hold, deposits, reminders and no-shows (R-APT)',
  Complaints:
    'Complaint cases: taken, answered or promised a response time, solved, closed with the satisfaction (R-CMP)',
  Replies:
    "Customers' SMS replies: the staff inbox (answer, complaint case) and opting a phone back in with consent (R-SELF-3, R-CMP-4)",
  Reports: "Daily, weekly, monthly and yearly reports and the inspectors' KPIs (R-RPT, R-QC)",
  'Self-service':
    'Customer self-service by SMS link (R-SELF-1, R-SELF-2): the public routes a link authorises, and the links staff list and revoke',
};

/** Where the local runtime listens unless told otherwise (`PORT`); it serves the document with its own. */
export const defaultServerUrl = 'http://127.0.0.1:3000';

interface DocumentedResponse {
  description: string;
  mediaType: string;
  schema: z.ZodType;
}

/**
 * Every answer a route may give, by status: its success and the problem documents. The one list
 * the document is built from and the tests validate answers against, so they cannot drift apart.
 */
export function documentedResponses(route: RouteContract): Record<string, DocumentedResponse> {
  const status = String(route.status ?? 200);
  if (route.auth === 'link') return linkRouteResponses(route, status);
  const problems: Record<string, string> = {
    '400': 'Invalid input: every invalid field is named in `errors`',
    '401': 'Missing or invalid token',
    '403': `Allowed for roles: ${route.roles.join(', ')}${route.path.includes('{branchId}') ? ', at their own branch' : ''}`,
    '500': 'Unexpected error: quote the requestId',
  };
  // A record the path names, or one the body refers to (the branch of a new staff record).
  if (route.path.includes('{') || route.body)
    problems['404'] = 'Not found: a record the path or the body names';
  if (route.method !== 'GET') problems['409'] = 'Conflict with a record on file, or a stale version';
  if (route.body) {
    problems['413'] = 'Body over 1 MiB';
    problems['415'] = 'The body is not application/json';
  }
  if (route.idempotent)
    problems['422'] =
      'The Idempotency-Key was already used for a different request, or a shop rule refuses it';
  else if (route.method !== 'GET') problems['422'] = 'A shop rule refuses it (the detail names the rule)';
  return {
    [status]: {
      description: status === '201' ? 'Created' : 'OK',
      mediaType: route.produces ?? 'application/json',
      schema: route.response,
    },
    ...Object.fromEntries(
      Object.entries(problems).map(([code, description]) => [
        code,
        { description, mediaType: 'application/problem+json', schema: problemSchema },
      ]),
    ),
  };
}

/**
 * R-SELF-1: the answers of a route authorised by a self-service link: no 401/403 (there is no
 * JWT); an unknown, malformed or foreign token is 404, an expired, revoked or spent link 410,
 * too many calls 429 (with retry-after).
 */
function linkRouteResponses(route: RouteContract, status: string): Record<string, DocumentedResponse> {
  const problems: Record<string, string> = {
    '400': 'Invalid input: every invalid field is named in `errors`',
    '404':
      'link-not-found: the token is unknown, malformed, or not for this route (or a record it names is not the link’s)',
    '410': 'link-expired, link-revoked or link-spent',
    '429': 'too-many-requests: too many calls with this token or from this address; see retry-after',
    '500': 'Unexpected error: quote the requestId',
  };
  if (route.method !== 'GET') {
    problems['409'] = 'Conflict with the record’s state (the item was answered meanwhile, a stale version)';
    problems['422'] = 'A shop rule refuses it (the detail names the rule)';
  }
  if (route.body) {
    problems['413'] = 'Body over 1 MiB';
    problems['415'] = 'The body is not application/json';
  }
  return {
    [status]: { description: 'OK', mediaType: route.produces ?? 'application/json', schema: route.response },
    ...Object.fromEntries(
      Object.entries(problems).map(([code, description]) => [
        code,
        { description, mediaType: 'application/problem+json', schema: problemSchema },
      ]),
    ),
  };
}

const linkTokenHeader = /* @__PURE__ */ z.object({
  'x-link-token': z.string().meta({
    description:
      'The self-service link’s token (22 characters, from the fragment of the SMS link); never put it in the path or query',
    example: 'q1W2e3R4t5Y6u7I8o9P0aB',
  }),
});

function operation(route: RouteContract): ZodOpenApiOperationObject {
  if (!(route.tag in tags)) throw new Error(`${route.id}: tag ${route.tag} is not declared in openapi.ts`);
  return {
    operationId: route.id,
    summary: route.summary,
    tags: [route.tag],
    description:
      route.auth === 'link'
        ? `Public: authorised by a self-service link's token alone (header x-link-token), no JWT (R-SELF-1). Handler: \`${route.entry}\`.`
        : `Roles: ${route.roles.join(', ')}. Handler: \`${route.entry}\`.`,
    ...(route.auth === 'link' ? { security: [{ linkToken: [] }] } : {}),
    ...(route.params || route.query || route.idempotent || route.auth === 'link'
      ? {
          requestParams: {
            ...(route.params ? { path: route.params as z.ZodObject } : {}),
            ...(route.query ? { query: route.query as z.ZodObject } : {}),
            ...(route.idempotent ? { header: idempotencyHeader } : {}),
            ...(route.auth === 'link' ? { header: linkTokenHeader } : {}),
          },
        }
      : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } }
      : {}),
    responses: Object.fromEntries(
      Object.entries(documentedResponses(route)).map(([code, { description, mediaType, schema }]) => [
        code,
        { description, content: { [mediaType]: { schema } } },
      ]),
    ),
  };
}

/**
 * The OpenAPI 3.1 document, generated from the route contracts' zod schemas. `serverUrl` is where
 * the API is reached: the committed document names the local runtime's default port, the running
 * runtime the one it listens on.
 */
export function openApiDocument(routes: readonly RouteContract[], serverUrl = defaultServerUrl) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  const used = new Set(routes.map((r) => r.tag));
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Auto repair chain: customer service API',
      version: '0.1.0',
      description:
        'Branch staff work with their own branch only (403 otherwise); HQ reads aggregates. Every error is application/problem+json (RFC 9457). Updates carry the `version` they read (stale: 409).',
      license: {
        name: 'Proprietary: all rights reserved by the repair chain',
        identifier: 'LicenseRef-Proprietary',
      },
    },
    servers: [
      {
        url: serverUrl,
        description:
          serverUrl === defaultServerUrl
            ? 'Local runtime (npm start) on its default port; the /openapi.json it serves names the port it listens on (PORT)'
            : 'This local runtime (npm start)',
      },
    ],
    tags: Object.entries(tags)
      .filter(([name]) => used.has(name))
      .map(([name, description]) => ({ name, description })),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito ID token in AWS; `npm run token -- <login>` locally',
        },
        linkToken: {
          type: 'apiKey',
          in: 'header',
          name: 'x-link-token',
          description:
            'R-SELF-1: the token of a self-service link sent by SMS (the fragment of `<base>/c#<token>`); the /public/ routes take it instead of a JWT',
        },
      },
    },
    paths,
  });
}
