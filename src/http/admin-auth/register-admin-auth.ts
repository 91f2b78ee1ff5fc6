/**
 * Puts AdminAuthenticator in front of every admin route when `serve.admin.auth.enabled`.
 * Liveness and readiness stay open (orchestrators probe them without credentials, and they
 * reveal nothing), as does a CORS preflight, which by the Fetch standard never carries
 * credentials and is answered by the CORS hook registered before this one.
 */
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../../registry.js';
import { CorsPolicy } from '../cors/cors-policy.js';
import { AdminAuthenticator } from './admin-authenticator.js';

/** Route patterns after the v1 → /admin rewrite, so `/health/alive` is covered too. */
export const OPEN_ADMIN_ROUTES: ReadonlySet<string> = new Set(['/admin/health/alive', '/admin/health/ready']);

export function registerAdminAuth(app: FastifyInstance, registry: Registry): void {
  const config = registry.config.serve.admin.auth;
  if (!config.enabled) {
    if (config.bearer_tokens.length > 0) {
      registry.logger.warn('serve.admin.auth.bearer_tokens is set but serve.admin.auth.enabled is false: the admin API accepts every request.');
    }
    return;
  }
  const authenticator = new AdminAuthenticator(config, registry.tokens.introspector);
  const corsEnabled = registry.config.serve.admin.cors.enabled;
  app.addHook('onRequest', async (request) => {
    if (OPEN_ADMIN_ROUTES.has(request.routeOptions.url ?? '')) return;
    if (corsEnabled && CorsPolicy.isPreflight(request.method, request.headers)) return;
    const decision = await authenticator.decide(request.headers.authorization);
    if (!decision.allowed) throw decision.error;
  });
}
