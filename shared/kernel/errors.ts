/**
 * Typed domain errors (STYLE 3). The HTTP error middleware maps each to problem+json once;
 * nothing else formats errors. Only errors below 500 show their message to the caller.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, for example `body.phones.0.number`. */
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  abstract readonly title: string;
  /** Extra members of the problem document (RFC 9457 extension members). */
  readonly extensions: Record<string, unknown> = {};
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly type = 'validation-error';
  readonly title = 'The request is not valid';
  constructor(
    readonly issues: FieldIssue[],
    message = issues.map((i) => `${i.path}: ${i.message}`).join('; '),
  ) {
    super(message);
    this.extensions.errors = issues;
  }
}

export class MalformedRequestError extends DomainError {
  readonly status = 400;
  readonly type = 'malformed-request';
  readonly title = 'The request body is not valid JSON';
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly type = 'unauthorized';
  readonly title = 'Authentication is required';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly type = 'forbidden';
  readonly title = 'This action is not allowed for you';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly type = 'not-found';
  readonly title = 'Not found';
}

/** A record already exists (for example a plate already on file); points at the existing one. */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly type = 'conflict';
  readonly title = 'This conflicts with a record on file';
  constructor(message: string, existing?: { kind: string; id: string; href?: string }) {
    super(message);
    if (existing) this.extensions.existing = existing;
  }
}

/** Optimistic locking (R-ACC-5): the caller wrote on top of a version it did not read. */
export class VersionConflictError extends DomainError {
  readonly status = 409;
  readonly type = 'version-conflict';
  readonly title = 'The record was changed by someone else';
  constructor(message: string, currentVersion?: number) {
    super(message);
    if (currentVersion !== undefined) this.extensions.currentVersion = currentVersion;
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly type = 'payload-too-large';
  readonly title = 'The request body is too large';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly type = 'unsupported-media-type';
  readonly title = 'The request body must be application/json';
}

/** The same Idempotency-Key came with another request: the first one's answer cannot be replayed. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly status = 422;
  readonly type = 'idempotency-key-reused';
  readonly title = 'This Idempotency-Key was used for another request';
}

/**
 * Not an error to the caller: the request was already carried out under its Idempotency-Key, and
 * the stored answer is returned instead of doing it twice. The HTTP middleware answers with it.
 */
export class IdempotentReplay extends Error {
  constructor(readonly response: unknown) {
    super('idempotent replay');
  }
}

/** An action the record's state does not allow (R-RO-5); names the state and the allowed actions. */
export class InvalidTransitionError extends DomainError {
  readonly status = 409;
  readonly type = 'invalid-transition';
  readonly title = 'This action is not possible in the current state';
  constructor(message: string, state: string, allowed: string[]) {
    super(message);
    this.extensions.state = state;
    this.extensions.allowedActions = allowed;
  }
}

/** A rule of the shop refuses the request (for example a discount without approval). */
export class RuleViolationError extends DomainError {
  readonly status = 422;
  readonly type = 'rule-violation';
  readonly title = 'A shop rule refuses this';
  constructor(message: string, rule?: string) {
    super(message);
    if (rule) this.extensions.rule = rule;
  }
}
