import type * as z from 'zod';
import type { Role } from '../../kernel/access';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One route of the API: the single source for the handler's parsing and access check, the local
 * gateway, the CDK routes and the OpenAPI document (STYLE 2). Contracts import no handler code,
 * so CDK and the docs can read them without loading the AWS SDK.
 */
export interface RouteContract<
  TParams extends z.ZodType = z.ZodType,
  TQuery extends z.ZodType = z.ZodType,
  TBody extends z.ZodType = z.ZodType,
  TResponse extends z.ZodType = z.ZodType,
> {
  /** operationId; also names the Lambda function. */
  id: string;
  method: HttpMethod;
  /** Path template in OpenAPI form: `/branches/{branchId}/customers/{customerId}`. */
  path: string;
  /** Handler file, relative to the project root. */
  entry: string;
  summary: string;
  tag: string;
  /**
   * Who may call it: `staff` (default) with a JWT, checked by role and branch; `link` (R-SELF-1,
   * paths under `/public/`) with no JWT: the self-service link's token in header `x-link-token`
   * is the only authority, and the handler resolves it (roles are then empty).
   */
  auth?: 'staff' | 'link';
  /** Roles allowed to call it (R-ACC-3). A path with `{branchId}` also needs the branch. */
  roles: readonly Role[];
  params?: TParams;
  query?: TQuery;
  body?: TBody;
  response: TResponse;
  /** Success status: 200 unless the route creates (201). */
  status?: 200 | 201 | 204;
  /** Media type of a non-JSON answer (`text/csv` for register exports); JSON otherwise. */
  produces?: 'text/csv';
  /** A create that honours the `Idempotency-Key` header. */
  idempotent?: boolean;
}

export function defineRoute<
  TParams extends z.ZodType = z.ZodNever,
  TQuery extends z.ZodType = z.ZodNever,
  TBody extends z.ZodType = z.ZodNever,
  TResponse extends z.ZodType = z.ZodType,
>(
  contract: RouteContract<TParams, TQuery, TBody, TResponse>,
): RouteContract<TParams, TQuery, TBody, TResponse> {
  return contract;
}

/** True when the path is branch data (`/branches/{branchId}/...`), so the branch must match. */
export function isBranchScoped(contract: Pick<RouteContract, 'path'>): boolean {
  return contract.path.includes('{branchId}');
}

/** True for a route authorised by a self-service link instead of a JWT (R-SELF-1). */
export function isLinkRoute(contract: Pick<RouteContract, 'auth'>): boolean {
  return contract.auth === 'link';
}
