/**
 * Puts AdminAuthenticator in front of every admin route when `serve.admin.auth.enabled`.
 * Liveness and readiness stay open (orchestrators probe them without credentials, and they
 * reveal nothing), as does a CORS preflight, which by the Fetch standard never carries
 * credentials and is answered by the CORS hook registered before this one.
 */
import type { Logger } from 'pino';
import type { AdminAuthConfig } from '../../config/types.js';
import type { TokenIntrospector } from '../../oauth2/tokens/token-introspector.js';
import type { AdminApp } from '../surfaces/surface.js';
import { CorsPolicy } from '../cors/cors-policy.js';
import { AdminAuthenticator } from './admin-authenticator.js';

/** Route patterns after the v1 → /admin rewrite, so `/health/alive` is covered too. */
export const OPEN_ADMIN_ROUTES: ReadonlySet<string> = new Set(['/admin/health/alive', '/admin/health/ready']);

export interface AdminAuthDeps {
  /** serve.admin.auth. */
  auth: AdminAuthConfig;
  /** serve.admin.cors.enabled: a preflight then passes unauthenticated. */
  corsEnabled: boolean;
  introspector: Pick<TokenIntrospector, 'introspect'>;
  logger: Logger;
}

export function registerAdminAuth(app: AdminApp, { auth: config, corsEnabled, introspector, logger }: AdminAuthDeps): void {
  if (!config.enabled) {
    if (config.bearer_tokens.length > 0) {
      logger.warn('serve.admin.auth.bearer_tokens is set but serve.admin.auth.enabled is false: the admin API accepts every request.');
    }
    return;
  }
  const authenticator = new AdminAuthenticator(config, introspector);
  app.addHook('onRequest', async (request) => {
    if (OPEN_ADMIN_ROUTES.has(request.routeOptions.url ?? '')) return;
    if (corsEnabled && CorsPolicy.isPreflight(request.method, request.headers)) return;
    const decision = await authenticator.decide(request.headers.authorization);
    if (!decision.allowed) throw decision.error;
  });
}
