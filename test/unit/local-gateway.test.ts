import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateKeys } from '../../infra/local/auth';
import { Gateway } from '../../infra/local/gateway';
import { startServer } from '../../infra/local/server';
import { ValidationError } from '../../shared/kernel/errors';

/** The local front door: what API Gateway answers before any handler or token check. */
const malformed = ['%ZZ', '%E0%A4%A', '%C0%AE', '%', 'S%Z'];

describe('percent-decoding of path parameters (R-X-4)', () => {
  const gateway = new Gateway();

  it.each(malformed)('R-X-4: %j cannot be decoded: a 400 naming path.branchId, never a 500', (segment) => {
    const refused = (() => {
      try {
        gateway.match('GET', `/branches/${segment}/customers`);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual([
      { path: 'path.branchId', message: expect.stringContaining('percent-encoded') },
    ]);
  });

  it('R-X-4: names each parameter that cannot be decoded', () => {
    expect(() => gateway.match('GET', '/branches/SZ/customers/%ZZ')).toThrow(/path\.customerId/);
  });

  it('R-X-4: decodes what is well encoded (UTF-8 included)', () => {
    expect(gateway.match('GET', '/branches/%53%5A/customers').params).toEqual({ branchId: 'SZ' });
    expect(gateway.match('GET', '/branches/SZ/vehicles/%E7%B2%A4B1').params).toEqual({
      branchId: 'SZ',
      vehicleId: '粤B1',
    });
  });
});

describe('the local runtime over HTTP (R-X-4)', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = await startServer({ keys: await loadOrCreateKeys(), findSubject: async () => undefined }, 0);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it.each(malformed)(
    'R-X-4: GET /branches/%s/customers without a token is a 400 problem, before the token is checked',
    async (segment) => {
      const response = await fetch(`${url}/branches/${segment}/customers`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({
        type: '/problems/validation-error',
        errors: [{ path: 'path.branchId' }],
      });
    },
  );

  it('R-X-4: the served /openapi.json names the port the runtime listens on, not 3000', async () => {
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as { servers: { url: string }[] };
    expect(url).not.toMatch(/:3000$/);
    expect(document.servers.map((s) => s.url)).toEqual([url]);
  });
});
