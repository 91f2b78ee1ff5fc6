/**
 * The admin listener (4445). Every route lives under /admin; a v1-style path without the prefix
 * (`GET /clients`, as the seed guides use) is rewritten to it internally, as Hydra v25+ does,
 * so both spellings are served by the same handler with no redirect. The AdminApp type
 * (surfaces/surface.ts) keeps public routes off this listener, and every answer here is
 * no-store (surfaces/cache-policy.ts).
 */
import formbody from '@fastify/formbody';
import type { Registry } from '../registry/registry.js';
import { createApp, type ListenerOptions } from './create-app.js';
import { registerHealthRoutes } from './health.js';
import { registerClientAdminRoutes } from '../client/routes.js';
import { registerJwkAdminRoutes } from '../jwk/routes.js';
import { registerTokenAdminRoutes } from '../oauth2/token-routes.js';
import { registerTrustAdminRoutes } from '../oauth2/trust/trust-routes.js';
import { registerLoginConsentAdminRoutes } from '../flow/admin-routes.js';
import { registerDeviceAdminRoutes } from '../oauth2/device/device-routes.js';
import { registerLogoutAdminRoutes, registerSessionAdminRoutes } from '../session/session-admin-routes.js';
import { VERSION } from '../version.js';
import { countRequests } from './metrics/request-metrics.js';
import { registerMetricsRoute } from './metrics/metrics-route.js';
import { registerCors } from './cors/register-cors.js';
import { registerAdminAuth } from './admin-auth/register-admin-auth.js';
import type { AdminApp } from './surfaces/surface.js';
import { neverCacheAdmin } from './surfaces/cache-policy.js';

export const ADMIN_PREFIX = '/admin';

export function addAdminPrefix(url: string): string {
  if (url === ADMIN_PREFIX || url.startsWith(`${ADMIN_PREFIX}/`) || url.startsWith(`${ADMIN_PREFIX}?`)) return url;
  return `${ADMIN_PREFIX}${url.startsWith('/') ? '' : '/'}${url}`;
}

export function buildAdminApp(registry: Registry, listener: ListenerOptions = {}): AdminApp {
  // The one place an admin app is branded (surfaces/surface.ts).
  const app = createApp({
    logger: registry.logger.child({ listener: 'admin' }),
    exposeInternalErrors: registry.config.oauth2.expose_internal_errors,
    serverFactory: listener.serverFactory,
    https: listener.https,
    rewriteUrl: (request) => addAdminPrefix(request.url ?? '/'),
    quietHealthChecks: registry.config.serve.admin.request_log?.disable_for_health,
  }) as AdminApp;
  neverCacheAdmin(app);
  countRequests(app, registry.metrics, 'admin');
  // Introspection (RFC 7662 §2.1) takes a form body.
  app.register(formbody);
  // CORS first: a preflight is answered before authentication, which it never carries.
  registerCors(app, registry.config.serve.admin.cors);
  registerAdminAuth(app, {
    auth: registry.config.serve.admin.auth,
    corsEnabled: registry.config.serve.admin.cors.enabled,
    introspector: registry.tokens.introspector,
    logger: registry.logger,
  });
  registerHealthRoutes(app, ADMIN_PREFIX, () => registry.ready());
  app.get(`${ADMIN_PREFIX}/version`, async () => ({ version: VERSION }));
  registerMetricsRoute(app, ADMIN_PREFIX, registry.metrics);
  registerClientAdminRoutes(app, { clients: registry.clients, rotation: registry.clientManagement.rotation });
  registerJwkAdminRoutes(app, { keys: registry.keys, issuer: registry.config.urls.self.issuer });
  registerTokenAdminRoutes(app, { introspector: registry.tokens.introspector, accessTokens: registry.tokens.accessTokens });
  registerTrustAdminRoutes(app, { trust: registry.trust.admin });
  registerLoginConsentAdminRoutes(app, { admin: registry.flows.admin });
  registerDeviceAdminRoutes(app, { admin: registry.oauth2.deviceAdmin });
  registerLogoutAdminRoutes(app, { logoutAdmin: registry.flows.logoutAdmin });
  registerSessionAdminRoutes(app, { consentSessions: registry.flows.consentSessions, loginRevocations: registry.flows.loginRevocations });
  return app;
}
