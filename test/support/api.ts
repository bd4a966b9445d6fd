import { ulid } from 'ulid';
import { Gateway } from '../../infra/local/gateway';
import type { CreateBranch } from '../../shared/branches/schemas';
import type { Role } from '../../shared/kernel/access';
import { checkAnswer } from './contract-check';
import { branchInput } from './fixtures';

export { branchInput };

import { createBranch } from '../../shared/branches/actions';
import { store } from '../../shared/platform/dynamo/client';

/**
 * In-process API calls for integration tests: the same gateway, route matching, event shape and
 * handlers as `npm start`, with the claims a verified token would carry. Every answer is checked
 * against its route's documented response (contract-check.ts).
 */
export const gateway = new Gateway();

export interface TestActor {
  staffId: string;
  name: string;
  roles: Role[];
  branches: string[] | '*';
}

export function staff(roles: Role[], branches: string[] | '*', name = 'Test Staff'): TestActor {
  return { staffId: ulid(), name, roles, branches };
}

export function claimsOf(actor: TestActor): Record<string, unknown> {
  return {
    sub: actor.staffId,
    'cognito:username': actor.name.toLowerCase().replace(/\s+/g, '.'),
    name: actor.name,
    'cognito:groups': actor.roles,
    'custom:branches': actor.branches === '*' ? '*' : actor.branches.join(','),
    token_use: 'id',
  };
}

export interface ApiResult<T = any> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

export async function call<T = any>(
  actor: TestActor | undefined,
  method: string,
  path: string,
  options: {
    body?: unknown;
    rawBody?: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResult<T>> {
  const response = await gateway.dispatch({
    method,
    path,
    ...(options.query ? { query: options.query } : {}),
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(options.rawBody !== undefined
      ? { body: options.rawBody }
      : options.body !== undefined
        ? { body: JSON.stringify(options.body) }
        : {}),
    ...(actor ? { claims: claimsOf(actor) } : {}),
  });
  const body =
    /json/.test(response.headers['content-type'] ?? '') && response.body
      ? JSON.parse(response.body)
      : response.body || undefined;
  // Every answer keeps the route's documented contract, or the test fails (R-X-4).
  checkAnswer({ method, path, status: response.status, contentType: response.headers['content-type'], body });
  return { status: response.status, headers: response.headers, body };
}

/** A fresh branch id per test keeps tests independent in the shared table. */
export function newBranchId(): string {
  return `T${ulid().slice(-7)}`;
}

export const system: TestActor = staff(['admin'], '*', 'Test Admin');

/** Creates a branch straight in the store (no HTTP) for tests that need one. */
export async function givenBranch(overrides: Partial<CreateBranch> = {}): Promise<string> {
  const id = overrides.id ?? newBranchId();
  await createBranch(store(), branchInput(id, overrides), { ...system, login: 'test.admin' });
  return id;
}

/** Hires a person through the API (a real staff record and branch membership, as the workshop reads them). */
export async function hire(branchId: string, roles: Role[], name: string): Promise<TestActor> {
  const created = await call(system, 'POST', '/staff', {
    body: {
      login: `t.${ulid().slice(-12).toLowerCase()}`,
      name,
      roles,
      branches: [branchId],
      status: 'regular',
    },
  });
  if (created.status !== 201) throw new Error(`staff: ${JSON.stringify(created.body)}`);
  return { staffId: created.body.id, name, roles, branches: [branchId] };
}
