import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { RouteContract } from './contract';

/** RFC 9457 problem document: every error of the API (R-X-4). */
const problem = z
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
  })
  .meta({ id: 'Problem' });

const idempotencyHeader = z.object({
  'idempotency-key': z.string().min(1).max(128).optional().meta({
    description:
      'Makes a retried create safe: the same key and body replay the first answer (header idempotent-replayed: true) and create nothing; the same key with another body is 422. Keys last 24 h.',
    example: '3f1c2a9e-6a43-4b8e-9a57-0d5a1a0e2b11',
  }),
});

const problemContent = { 'application/problem+json': { schema: problem } };

function operation(route: RouteContract): ZodOpenApiOperationObject {
  const status = String(route.status ?? 200);
  const errors: Record<string, string> = {
    '400': 'Invalid input: every invalid field is named in `errors`',
    '401': 'Missing or invalid token',
    '403': `Allowed for roles: ${route.roles.join(', ')}${route.path.includes('{branchId}') ? ', at their own branch' : ''}`,
    '500': 'Unexpected error: quote the requestId',
  };
  if (route.path.includes('{')) errors['404'] = 'Not found';
  if (route.method !== 'GET') errors['409'] = 'Conflict with a record on file, or a stale version';
  if (route.body) errors['413'] = 'Body over 1 MiB';
  if (route.idempotent)
    errors['422'] = 'The Idempotency-Key was already used for a different request, or a shop rule refuses it';
  else if (route.method !== 'GET') errors['422'] = 'A shop rule refuses it (the detail names the rule)';
  return {
    operationId: route.id,
    summary: route.summary,
    tags: [route.tag],
    description: `Roles: ${route.roles.join(', ')}. Handler: \`${route.entry}\`.`,
    ...(route.params || route.query || route.idempotent
      ? {
          requestParams: {
            ...(route.params ? { path: route.params as z.ZodObject } : {}),
            ...(route.query ? { query: route.query as z.ZodObject } : {}),
            ...(route.idempotent ? { header: idempotencyHeader } : {}),
          },
        }
      : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } }
      : {}),
    responses: {
      [status]: {
        description: status === '201' ? 'Created' : 'OK',
        content: { [route.produces ?? 'application/json']: { schema: route.response } },
      },
      ...Object.fromEntries(
        Object.entries(errors).map(([code, description]) => [code, { description, content: problemContent }]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document, generated from the route contracts' zod schemas. */
export function openApiDocument(routes: readonly RouteContract[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Auto repair chain: customer service API',
      version: '0.1.0',
      description:
        'Branch staff work with their own branch only (403 otherwise); HQ reads aggregates. Every error is application/problem+json (RFC 9457). Updates carry the `version` they read (stale: 409).',
    },
    servers: [{ url: 'http://localhost:3000', description: 'Local runtime (npm start)' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito ID token in AWS; `npm run token -- <login>` locally',
        },
      },
    },
    paths,
  });
}
