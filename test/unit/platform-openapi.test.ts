import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/platform/http/openapi';
import { allRoutes } from '../../shared/routes';

const document = openApiDocument(allRoutes);
type Operation = {
  operationId: string;
  responses: Record<string, unknown>;
  parameters?: { name: string; in: string }[];
};
const operation = (path: string, method: string) =>
  (document.paths?.[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

describe('the OpenAPI document generated from the zod schemas', () => {
  it('is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it.each(allRoutes.map((r) => [r.id, r] as const))(
    'describes %s with its problem responses (R-X-4)',
    (_id, route) => {
      const op = operation(route.path, route.method);
      expect(op?.operationId).toBe(route.id);
      // R-SELF-1: a link route has no JWT (no 401/403); its token refuses with 404, 410 or 429.
      const refusals = route.auth === 'link' ? ['404', '410', '429'] : ['401', '403'];
      expect(Object.keys(op?.responses ?? {})).toEqual(
        expect.arrayContaining([String(route.status ?? 200), ...refusals, '500']),
      );
      for (const name of route.path.match(/\{(\w+)\}/g) ?? []) {
        expect(op?.parameters?.some((p) => p.in === 'path' && `{${p.name}}` === name)).toBe(true);
      }
    },
  );

  it('matches docs/openapi.json (run npm run openapi after changing a schema)', () => {
    const committed = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
