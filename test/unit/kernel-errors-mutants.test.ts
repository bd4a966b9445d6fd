import { describe, expect, it } from 'vitest';
import { csvField } from '../../shared/kernel/csv';
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InvalidTransitionError,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  RuleViolationError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  VersionConflictError,
} from '../../shared/kernel/errors';
import { timeZone } from '../../shared/kernel/schemas';

/**
 * Survivors of the mutation run of the kernel (issue 14 item 4), as cases of R-X-4: every error is
 * a problem document with its status, type and title, word for word; CSV cells a spreadsheet would
 * run as a formula are defused, numbers are not (R-REG-1); a time zone is an IANA name.
 */
describe('every error as a problem document (R-X-4)', () => {
  it.each<[string, DomainError, number, string, string]>([
    [
      'validation',
      new ValidationError([{ path: 'body.a', message: 'm' }]),
      400,
      'validation-error',
      'The request is not valid',
    ],
    [
      'malformed JSON',
      new MalformedRequestError('x'),
      400,
      'malformed-request',
      'The request body is not valid JSON',
    ],
    ['unauthorized', new UnauthorizedError('x'), 401, 'unauthorized', 'Authentication is required'],
    ['forbidden', new ForbiddenError('x'), 403, 'forbidden', 'This action is not allowed for you'],
    ['not found', new NotFoundError('x'), 404, 'not-found', 'Not found'],
    ['conflict', new ConflictError('x'), 409, 'conflict', 'This conflicts with a record on file'],
    [
      'version conflict',
      new VersionConflictError('x'),
      409,
      'version-conflict',
      'The record was changed by someone else',
    ],
    [
      'invalid transition',
      new InvalidTransitionError('x', 's', []),
      409,
      'invalid-transition',
      'This action is not possible in the current state',
    ],
    ['too large', new PayloadTooLargeError('x'), 413, 'payload-too-large', 'The request body is too large'],
    [
      'media type',
      new UnsupportedMediaTypeError('x'),
      415,
      'unsupported-media-type',
      'The request body must be application/json',
    ],
    ['rule', new RuleViolationError('x', 'R-X-4'), 422, 'rule-violation', 'A shop rule refuses this'],
    [
      'reused key',
      new IdempotencyKeyReusedError('x'),
      422,
      'idempotency-key-reused',
      'This Idempotency-Key was used for another request',
    ],
  ])('R-X-4: %s', (_case, error, status, type, title) => {
    expect([error.status, error.type, error.title]).toEqual([status, type, title]);
  });

  it('R-X-4: a 400 says every field and why, and lists them', () => {
    const issues = [
      { path: 'body.a', message: 'Required' },
      { path: 'body.b', message: 'Too long' },
    ];
    const error = new ValidationError(issues);
    expect(error.message).toBe('body.a: Required; body.b: Too long');
    expect(error.extensions.errors).toEqual(issues);
  });

  it.each([
    [
      'with the record it conflicts with',
      { kind: 'customer', id: 'C1' },
      { existing: { kind: 'customer', id: 'C1' } },
    ],
    ['without one', undefined, {}],
  ])('R-X-4: a conflict %s', (_case, existing, extensions) => {
    expect(new ConflictError('x', existing).extensions).toStrictEqual(extensions);
  });

  it.each([
    ['with the current version', 4, { currentVersion: 4 }],
    ['version 0 too', 0, { currentVersion: 0 }],
    ['without one', undefined, {}],
  ])('R-X-4: a version conflict %s', (_case, version, extensions) => {
    expect(new VersionConflictError('x', version).extensions).toStrictEqual(extensions);
  });
});

describe('CSV cells and time zones (R-REG-1, R-X-2)', () => {
  it.each([
    ['-12.5', '-12.5'],
    ['-12', '-12'],
    ['-12abc', "'-12abc"],
    ['-1.', "'-1."],
    ['=1+1', "'=1+1"],
    ['x-12', 'x-12'],
    ['-a-12', "'-a-12"],
  ])('R-REG-1: %o is written %o', (value, cell) => {
    expect(csvField(value)).toBe(cell);
  });

  it.each([
    ['Asia/Shanghai', true],
    ['Mars/Olympus', false],
  ])('R-X-2: %s is a time zone: %s', (tz, ok) => {
    expect(timeZone.safeParse(tz).success).toBe(ok);
  });
});
