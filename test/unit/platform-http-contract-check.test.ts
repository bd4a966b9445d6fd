import { describe, expect, it } from 'vitest';
import { type Answer, checkAnswer } from '../support/contract-check';

/**
 * The check every integration and e2e answer goes through (test/support/contract-check.ts): it
 * must be able to fail, or the suites prove nothing about the document.
 */
const problem = { type: '/problems/not-found', title: 'Not found', status: 404, detail: 'No branch SZ' };
const answer = (overrides: Partial<Answer>): Answer => ({
  method: 'GET',
  path: '/branches/SZ',
  status: 404,
  contentType: 'application/problem+json',
  body: problem,
  ...overrides,
});

describe('answers checked against the OpenAPI document (R-X-4)', () => {
  it('R-X-4: a documented problem passes', () => {
    expect(() => checkAnswer(answer({}))).not.toThrow();
  });

  it.each([
    ['a status the operation does not list', answer({ status: 418 }), /Not a documented status/],
    [
      'a problem as application/json',
      answer({ contentType: 'application/json' }),
      /is not application\/problem\+json/,
    ],
    [
      'a problem member nobody declared',
      answer({ body: { ...problem, secret: 'x' } }),
      /secret: Not declared/,
    ],
    ['a problem without its title', answer({ body: { type: 't', status: 404 } }), /title:/],
    [
      'a branch without its fields',
      answer({ status: 200, contentType: 'application/json', body: { id: 'SZ' } }),
      /GET \/branches\/\{branchId\} answered 200/,
    ],
    [
      'a list with a member nobody declared',
      answer({
        path: '/branches',
        status: 200,
        contentType: 'application/json',
        body: { items: [], internal: 1 },
      }),
      /GET \/branches answered 200[\s\S]*internal: Not declared/,
    ],
    [
      'a 404 without a route that is no problem document',
      answer({ path: '/nowhere', body: { error: 'x' } }),
      /\(no route\)/,
    ],
  ])('R-X-4: fails on %s, naming the route, status and issue', (_what, bad, message) => {
    expect(() => checkAnswer(bad)).toThrow(message);
  });

  it('R-X-4: local helpers outside the API (a token, the outbox) are not checked when they succeed', () => {
    expect(() =>
      checkAnswer(answer({ method: 'POST', path: '/local/token', status: 200, body: {} })),
    ).not.toThrow();
  });
});
