import type { Runtime } from '../../infra/local/runtime';
import { checkAnswer } from './contract-check';

/**
 * Calls a local runtime over HTTP as one of its demo logins (the token asked once per login),
 * as the e2e tests do: `api` answers status, body (JSON when it is) and headers; `ok` the body,
 * failing with the problem document when the call is refused. `runtime` is read at each call,
 * so the suite may start it in `beforeAll`. Every answer is checked against its route's documented
 * response (contract-check.ts): a mismatch fails the test.
 */
export function runtimeApi(runtime: () => Runtime) {
  const tokens: Record<string, string> = {};
  async function api(
    login: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    tokens[login] ??= (await runtime().tokenFor(login)) ?? '';
    const response = await fetch(`${runtime().url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[login]}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text;
    const contentType = response.headers.get('content-type') ?? undefined;
    checkAnswer({ method, path, status: response.status, contentType, body: json });
    return { status: response.status, body: json, headers: response.headers };
  }
  async function ok(
    login: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<any> {
    const result = await api(login, method, path, body, headers);
    if (result.status >= 300)
      throw new Error(`${method} ${path} → ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  }
  return { api, ok };
}
