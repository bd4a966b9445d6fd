import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineRoute } from '../../shared/platform/http/contract';
import { defaultServerUrl, documentedResponses, openApiDocument } from '../../shared/platform/http/openapi';
import { allRoutes } from '../../shared/routes';

/** What the OpenAPI lint (Redocly recommended-strict, `npm run lint`) asks of the document builder. */
describe('the OpenAPI document lints clean (R-X-4)', () => {
  const document = openApiDocument(allRoutes);

  it('R-X-4: declares every operation tag, each with a description', () => {
    const declared = new Map((document.tags ?? []).map((t) => [t.name, t.description]));
    for (const route of allRoutes) expect(declared.get(route.tag)).toEqual(expect.stringMatching(/\w{3}/));
    expect([...declared.keys()].sort()).toEqual([...new Set(allRoutes.map((r) => r.tag))].sort());
  });

  it('R-X-4: has a license', () => {
    expect(document.info.license).toEqual({ name: expect.any(String), identifier: 'LicenseRef-Proprietary' });
  });

  it('R-X-4: names the local runtime default port, or the server it is given', () => {
    expect(document.servers?.map((s) => s.url)).toEqual([defaultServerUrl]);
    expect(openApiDocument(allRoutes, 'http://127.0.0.1:3100').servers?.map((s) => s.url)).toEqual([
      'http://127.0.0.1:3100',
    ]);
  });

  it('R-X-4: refuses an operation whose tag is not declared', () => {
    const stray = defineRoute({
      id: 'stray',
      method: 'GET',
      path: '/stray',
      entry: 'unused.ts',
      summary: 'stray',
      tag: 'Undeclared',
      roles: ['admin'],
      response: z.object({}),
    });
    expect(() => openApiDocument([stray])).toThrow(/tag Undeclared is not declared/);
  });

  it.each(allRoutes.filter((r) => r.body).map((r) => [r.id, r] as const))(
    'R-X-4: %s documents the 413 and 415 of its body as problem documents',
    (_id, route) => {
      const responses = documentedResponses(route);
      expect(responses['413']?.mediaType).toBe('application/problem+json');
      expect(responses['415']?.mediaType).toBe('application/problem+json');
    },
  );
});
