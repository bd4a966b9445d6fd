import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { PayloadTooLargeError, ValidationError } from '../../shared/kernel/errors';
import { zodIssues } from '../../shared/kernel/zod-issues';
import { isLinkRoute } from '../../shared/platform/http/contract';
import { openApiDocument } from '../../shared/platform/http/openapi';
import { toProblem } from '../../shared/platform/http/problem';
import { maxBodyBytes } from '../../shared/platform/http/stack';
import { allRoutes } from '../../shared/routes';
import { type LocalKeys, signToken, type TokenSubject, verifyBearer } from './auth';
import { Gateway, type GatewayResponse } from './gateway';

/**
 * The local runtime's HTTP front door: API Gateway (routing, 404/405, the 1 MiB body limit, the
 * JWT authorizer) plus a stand-in for Cognito's sign-in (`POST /local/token`) and the OpenAPI
 * document. Everything else is the deployed handlers, unchanged.
 */
export interface ServerOptions {
  keys: LocalKeys;
  /** Finds a person who may sign in, by login (the local identity provider's user directory). */
  findSubject: (login: string) => Promise<TokenSubject | undefined>;
  gateway?: Gateway;
  /** Extra local-only routes (outbox, dashboards) added by later parts of the runtime. */
  extraRoutes?: Record<string, (request: IncomingMessage) => Promise<GatewayResponse>>;
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBodyBytes) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function json(status: number, body: unknown): GatewayResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body, null, 2) };
}

function problem(error: unknown, path: string): GatewayResponse {
  const result = toProblem(error, randomUUID(), path);
  return { status: result.statusCode, headers: result.headers, body: result.body };
}

const tokenRequest = z.strictObject({ login: z.string().min(1).max(64) });

export function startServer(options: ServerOptions, port: number): Promise<Server> {
  const gateway = options.gateway ?? new Gateway();
  // Written once the server listens: its server URL names the port it really took (PORT, or 0).
  let document = '';

  async function handle(request: IncomingMessage): Promise<GatewayResponse> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    try {
      if (method === 'GET' && path === '/openapi.json') {
        return { status: 200, headers: { 'content-type': 'application/json' }, body: document };
      }
      if (method === 'GET' && path === '/health') return json(200, { status: 'ok' });
      const extra = options.extraRoutes?.[`${method} ${path}`];
      if (extra) return await extra(request);
      if (method === 'POST' && path === '/local/token') {
        const parsed = tokenRequest.safeParse(JSON.parse((await readBody(request)) || '{}'));
        if (!parsed.success) throw new ValidationError(zodIssues(parsed.error, 'body'));
        const subject = await options.findSubject(parsed.data.login);
        if (!subject) {
          return problem(
            new ValidationError([{ path: 'body.login', message: 'No active staff with this login' }]),
            path,
          );
        }
        return json(200, {
          token: await signToken(options.keys, subject),
          tokenType: 'Bearer',
          expiresIn: 43200,
        });
      }
      // As API Gateway: the route (404), the authorizer (401), the payload limit (413), the handler.
      const { contract } = gateway.match(method, path);
      // R-SELF-1: a link route has no authorizer in AWS either; its token is the handler's to check.
      const claims = isLinkRoute(contract)
        ? undefined
        : await verifyBearer(options.keys, request.headers.authorization);
      const body = await readBody(request);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
      }
      return await gateway.dispatch({
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        headers,
        body,
        ...(claims ? { claims: claims as Record<string, unknown> } : {}),
        ...(request.socket.remoteAddress ? { sourceIp: request.socket.remoteAddress } : {}),
      });
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return problem(new PayloadTooLargeError(`The body exceeds ${maxBodyBytes} bytes`), path);
      }
      if (error instanceof SyntaxError) {
        return problem(new ValidationError([{ path: 'body', message: 'Not valid JSON' }]), path);
      }
      return problem(error, path);
    }
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    handle(request).then(
      (result) => {
        response.writeHead(result.status, result.headers);
        response.end(result.body);
      },
      (error: unknown) => {
        const result = problem(error, request.url ?? '/');
        response.writeHead(result.status, result.headers);
        response.end(result.body);
      },
    );
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as AddressInfo).port;
      document = JSON.stringify(openApiDocument(allRoutes, `http://127.0.0.1:${bound}`), null, 2);
      resolveServer(server);
    });
  });
}
