/**
 * The two listeners are two types (src/http/surfaces/surface.ts): a route module of one surface
 * does not compile against the other's app, nor against a bare Fastify instance. The
 * `@ts-expect-error` lines below are the proof, checked by every build (an error that stops
 * happening fails the build); the test then checks the same separation at run time.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { startTestServer, type TestServer } from '../support/server.js';
import { routeTable } from '../../src/http/route-table.js';
import type { AdminApp, PublicApp } from '../../src/http/surfaces/surface.js';
import type { ClientService } from '../../src/client/client-service.js';
import type { KeyManager } from '../../src/jwk/key-manager.js';
import { registerClientAdminRoutes } from '../../src/client/routes.js';
import { registerJwkAdminRoutes, registerJwkPublicRoutes } from '../../src/jwk/routes.js';
import { registerMetricsRoute } from '../../src/http/metrics/metrics-route.js';
import type { Metrics } from '../../src/http/metrics/metrics.js';
import { registerHealthRoutes } from '../../src/http/health.js';

/** Never called: it exists for the compiler. */
export function wrongSurfacesDoNotCompile(publicApp: PublicApp, adminApp: AdminApp, clients: ClientService, keys: KeyManager, metrics: Metrics): void {
  // @ts-expect-error an admin route module refuses the public listener
  registerClientAdminRoutes(publicApp, { clients });
  // @ts-expect-error an admin route module refuses the public listener
  registerJwkAdminRoutes(publicApp, { keys, issuer: 'https://issuer.example/' });
  // @ts-expect-error an admin route module refuses the public listener
  registerMetricsRoute(publicApp, '/admin', metrics);
  // @ts-expect-error a public route module refuses the admin listener
  registerJwkPublicRoutes(adminApp, { keys, broadcastKeys: [] });
  // @ts-expect-error a bare Fastify instance is neither surface: only buildPublicApp/buildAdminApp brand one
  registerClientAdminRoutes(Fastify(), { clients });
  // The health routes are on both.
  registerHealthRoutes(publicApp, '', async () => undefined);
  registerHealthRoutes(adminApp, '/admin', async () => undefined);
}

describe('the public and admin surfaces', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  it('keep every admin route on the admin listener and none on the public one', () => {
    const publicUrls = routeTable(server.publicApp!).map((route) => route.url);
    const adminUrls = routeTable(server.adminApp!).map((route) => route.url);
    assert.ok(publicUrls.length > 10 && adminUrls.length > 20);
    assert.deepEqual(publicUrls.filter((url) => url.startsWith('/admin')), []);
    assert.deepEqual(adminUrls.filter((url) => !url.startsWith('/admin/')), []);
  });
});
