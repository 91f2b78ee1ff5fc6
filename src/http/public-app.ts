/**
 * The public listener (4444): the OAuth 2.0 and OpenID Connect endpoints that browsers and
 * clients reach. No admin route is ever registered here; the two apps share no router, and the
 * PublicApp type (surfaces/surface.ts) makes registering an admin route here a compile error.
 * Route modules receive the slice of the registry they use, read here and nowhere else.
 */
import formbody from '@fastify/formbody';
import type { Registry } from '../registry/registry.js';
import { createApp, type ListenerOptions } from './create-app.js';
import { registerHealthRoutes } from './health.js';
import { registerJwkPublicRoutes } from '../jwk/routes.js';
import { registerDiscoveryRoutes } from '../oauth2/discovery-routes.js';
import { registerTokenPublicRoutes } from '../oauth2/token-routes.js';
import { registerAuthorizeRoutes } from '../oauth2/authorize/authorize-routes.js';
import { registerFallbackPages } from '../oauth2/authorize/fallback-pages.js';
import { registerLogoutPublicRoutes } from '../logout/logout-routes.js';
import { registerUserinfoRoutes } from '../oauth2/userinfo/userinfo-routes.js';
import { registerCredentialRoutes } from '../oauth2/credentials/credential-routes.js';
import { registerDynamicRegistrationRoutes } from '../client/registration-routes.js';
import { registerDevicePublicRoutes } from '../oauth2/device/device-routes.js';
import { countRequests } from './metrics/request-metrics.js';
import { registerPublicCors } from './cors/register-cors.js';
import type { PublicApp } from './surfaces/surface.js';
import { neverCachePublic } from './surfaces/cache-policy.js';

export function buildPublicApp(registry: Registry, listener: ListenerOptions = {}): PublicApp {
  // The one place a public app is branded (surfaces/surface.ts).
  const app = createApp({
    logger: registry.logger.child({ listener: 'public' }),
    exposeInternalErrors: registry.config.oauth2.expose_internal_errors,
    quietHealthChecks: registry.config.serve.public.request_log?.disable_for_health,
    serverFactory: listener.serverFactory,
    https: listener.https,
  }) as PublicApp;
  neverCachePublic(app);
  countRequests(app, registry.metrics, 'public', () => registry.tokens.endpoint.grantTypes);
  app.register(formbody);
  registerPublicCors(app, { cors: registry.config.serve.public.cors, clients: registry.clients, introspector: registry.tokens.introspector });
  registerHealthRoutes(app, '', () => registry.ready());
  registerDiscoveryRoutes(app, { config: registry.config, keys: registry.keys });
  registerJwkPublicRoutes(app, { keys: registry.keys, broadcastKeys: registry.config.webfinger.jwks.broadcast_keys });
  const { tokens } = registry;
  registerTokenPublicRoutes(app, { endpoint: tokens.endpoint, clientAuthenticator: tokens.clientAuthenticator, revoker: tokens.revoker });
  const { authorize, userinfo } = registry.oauth2;
  registerUserinfoRoutes(app, { userinfo });
  registerCredentialRoutes(app, { credentials: registry.oauth2.credentials });
  registerAuthorizeRoutes(app, { authorize, publicBase: registry.config.urls.self.public });
  registerFallbackPages(app);
  registerLogoutPublicRoutes(app, { logout: registry.flows.logout, errorPage: (error) => authorize.errorPage(error), publicBase: registry.config.urls.self.public });
  registerDynamicRegistrationRoutes(app, { registration: registry.clientManagement.registration });
  registerDevicePublicRoutes(app, { authorization: tokens.device.authorization, verification: registry.oauth2.deviceVerification });
  return app;
}
