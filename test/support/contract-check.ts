import { Gateway } from '../../infra/local/gateway';
import type { RouteContract } from '../../shared/platform/http/contract';
import { documentedResponses, problemSchema } from '../../shared/platform/http/openapi';

/**
 * Every answer the integration and e2e suites receive is checked against the OpenAPI document's
 * promise for its route and status (R-X-4): the status is one the operation lists, the media type
 * is the listed one, and the body parses with the listed zod schema. Objects in the document have
 * `additionalProperties: false`, so a member the schema does not declare fails too (zod would
 * only strip it). A failure throws, naming the route, the status and every issue, so the test
 * that got the answer fails.
 */
const routes = new Gateway();

export interface Answer {
  method: string;
  /** The request path, with or without its query string. */
  path: string;
  status: number;
  contentType: string | undefined;
  /** The body: parsed when it is JSON, the text otherwise. */
  body: unknown;
}

interface Issue {
  path: string;
  message: string;
}

function routeOf(method: string, path: string): RouteContract | undefined {
  try {
    return routes.match(method.toUpperCase(), path.split('?')[0] ?? path).contract;
  } catch {
    // No route (404), or a path parameter that cannot be decoded (400): the gateway's problem.
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Members of the answer the schema dropped: undeclared in the document, which forbids them. */
function undeclared(sent: unknown, parsed: unknown, at: string[] = []): Issue[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    return sent.flatMap((item, i) => undeclared(item, parsed[i], [...at, String(i)]));
  }
  if (!isPlainObject(sent) || !isPlainObject(parsed)) return [];
  return Object.entries(sent).flatMap(([key, value]) =>
    key in parsed
      ? undeclared(value, parsed[key], [...at, key])
      : [
          {
            path: [...at, key].join('.'),
            message: 'Not declared by the schema (additionalProperties: false)',
          },
        ],
  );
}

function fail(label: string, answer: Answer, issues: Issue[]): never {
  const lines = issues.map((i) => `  ${i.path || '(body)'}: ${i.message}`).join('\n');
  throw new Error(
    `${label} answered ${answer.status}, which its OpenAPI document does not allow:\n${lines}\nbody: ${JSON.stringify(answer.body)?.slice(0, 2000)}`,
  );
}

export function checkAnswer(answer: Answer): void {
  const route = routeOf(answer.method, answer.path);
  if (!route) {
    // Local-only helpers (token, outbox, events, the document itself) are not part of the API.
    if (answer.status < 400) return;
    const parsed = problemSchema.safeParse(answer.body);
    const label = `${answer.method} ${answer.path} (no route)`;
    if (!parsed.success) fail(label, answer, zodIssues(parsed.error.issues));
    return;
  }
  const label = `${route.method} ${route.path}`;
  const documented = documentedResponses(route)[String(answer.status)];
  if (!documented) {
    const listed = Object.keys(documentedResponses(route)).join(', ');
    fail(label, answer, [{ path: '(status)', message: `Not a documented status (listed: ${listed})` }]);
  }
  if (answer.status === 204) return;
  if (!answer.contentType?.startsWith(documented.mediaType)) {
    fail(label, answer, [
      { path: '(content-type)', message: `${answer.contentType} is not ${documented.mediaType}` },
    ]);
  }
  const parsed = documented.schema.safeParse(answer.body);
  if (!parsed.success) fail(label, answer, zodIssues(parsed.error.issues));
  const extra = undeclared(answer.body, parsed.data);
  if (extra.length > 0) fail(label, answer, extra);
}

function zodIssues(issues: readonly { path: PropertyKey[]; message: string }[]): Issue[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
