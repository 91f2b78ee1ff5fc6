/**
 * The public listener (4444): the OAuth 2.0 and OpenID Connect endpoints that browsers and
 * clients reach. No admin route is ever registered here; the two apps share no router.
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../registry.js';
import { createApp, type ListenerOptions } from './create-app.js';
import { registerHealthRoutes } from './health.js';
import { registerJwkPublicRoutes } from '../jwk/routes.js';
import { registerDiscoveryRoutes } from '../oauth2/discovery-routes.js';
import { registerTokenPublicRoutes } from '../oauth2/token-routes.js';
import { registerAuthorizeRoutes } from '../oauth2/authorize/authorize-routes.js';
import { registerFallbackPages } from '../oauth2/authorize/fallback-pages.js';
import { registerLogoutPublicRoutes } from '../flow/logout-routes.js';
import { registerUserinfoRoutes } from '../oauth2/userinfo/userinfo-routes.js';
import { countRequests } from './metrics/request-metrics.js';
import { registerPublicCors } from './cors/register-cors.js';

export function buildPublicApp(registry: Registry, listener: ListenerOptions = {}): FastifyInstance {
  const app = createApp({
    logger: registry.logger.child({ listener: 'public' }),
    exposeInternalErrors: registry.config.oauth2.expose_internal_errors,
    quietHealthChecks: registry.config.serve.public.request_log?.disable_for_health,
    serverFactory: listener.serverFactory,
    https: listener.https,
  });
  countRequests(app, registry.metrics, 'public', () => registry.tokens.endpoint.grantTypes);
  app.register(formbody);
  registerPublicCors(app, registry);
  registerHealthRoutes(app, '', () => registry.ready());
  registerDiscoveryRoutes(app, registry);
  registerJwkPublicRoutes(app, registry);
  registerTokenPublicRoutes(app, registry);
  registerUserinfoRoutes(app, registry);
  const { authorize } = registry.oauth2;
  registerAuthorizeRoutes(app, authorize, registry.config.urls.self.public);
  registerFallbackPages(app);
  registerLogoutPublicRoutes(app, registry.flows.logout, (error) => authorize.errorPage(error), registry.config.urls.self.public);
  return app;
}
