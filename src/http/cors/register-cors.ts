/**
 * CORS on a listener (`serve.public.cors`, `serve.admin.cors`), off unless enabled, as in Hydra.
 * The listener-wide decision runs in onRequest, before routing work and before admin
 * authentication: a preflight carries no credentials (Fetch standard, CORS-preflight fetch), so it
 * is answered here and never reaches a handler unless options_passthrough asks for it.
 *
 * On the public listener some endpoints also honour the calling client's `allowed_cors_origins`
 * (Hydra's x/oauth2cors wraps exactly these routes): token, revocation, both discovery
 * documents, the JWKS, userinfo and /credentials. For them a preflight is allowed for any origin ("pre-flight
 * requests do not contain credentials", oauth2cors) and the actual request is allowed when its
 * origin matches the listener list or the client's list; the client is only known once the
 * form body is parsed, so that second look happens in preHandler.
 */
import type { FastifyRequest } from 'fastify';
import type { CorsConfig } from '../../config/types.js';
import type { AnyApp, PublicApp } from '../surfaces/surface.js';
import { CorsPolicy } from './cors-policy.js';
import { clientOriginsLookup, type ClientOriginsDeps, type ClientOriginsLookup } from './client-origins.js';
import { globListAllows, listenerListAllows } from './origin-patterns.js';

/** The public routes Hydra wraps in oauth2cors.Middleware (oauth2/handler.go, jwk/handler.go). */
export const PER_CLIENT_CORS_ROUTES: readonly string[] = [
  '/oauth2/token',
  '/oauth2/revoke',
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/.well-known/jwks.json',
  '/userinfo',
  // Hydra wraps its verifiable credentials endpoint too (oauth2/handler.go).
  '/credentials',
];

interface PerClient {
  routes: ReadonlySet<string>;
  origins: ClientOriginsLookup;
}

export interface PublicCorsDeps extends ClientOriginsDeps {
  /** serve.public.cors. */
  cors: CorsConfig;
}

export function registerPublicCors(app: PublicApp, { cors, ...origins }: PublicCorsDeps): void {
  // Hydra registers these OPTIONS routes whether CORS is on or not (an empty 200, handleOptions).
  for (const url of PER_CLIENT_CORS_ROUTES) app.options(url, async (_request, reply) => reply.status(200).send());
  registerCors(app, cors, { routes: new Set(PER_CLIENT_CORS_ROUTES), origins: clientOriginsLookup(origins) });
}

export function registerCors(app: AnyApp, config: CorsConfig, perClient?: PerClient): void {
  if (!config.enabled) return;
  const policy = new CorsPolicy(config);
  const pending = new WeakSet<FastifyRequest>();
  const isPerClientRoute = (request: FastifyRequest) => perClient !== undefined && perClient.routes.has(request.routeOptions.url ?? '');
  const listAllows = (request: FastifyRequest, origin: string) =>
    listenerListAllows(config.allowed_origins, origin) || (isPerClientRoute(request) && globListAllows(config.allowed_origins, origin));
  const debug = (request: FastifyRequest, message: string) => {
    if (config.debug) request.log.debug({ origin: request.headers.origin, method: request.method }, `cors: ${message}`);
  };

  app.addHook('onRequest', async (request, reply) => {
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin : '';
    if (CorsPolicy.isPreflight(request.method, request.headers)) {
      const allowed = origin !== '' && (isPerClientRoute(request) || listAllows(request, origin));
      const refusal = policy.answerPreflight(reply, request, allowed);
      debug(request, refusal ? `preflight refused: ${refusal}` : 'preflight allowed');
      if (!policy.passthrough) return reply.status(204).send();
      return;
    }
    policy.varyActual(reply);
    if (!policy.actualRequestEligible(request.method, request.headers)) return;
    if (listAllows(request, origin)) {
      policy.allowActual(reply, origin);
      debug(request, 'allowed by the listener list');
    } else if (isPerClientRoute(request)) {
      pending.add(request);
    } else {
      debug(request, 'origin not allowed');
    }
  });

  if (!perClient) return;
  app.addHook('preHandler', async (request, reply) => {
    if (!pending.has(request)) return;
    const origin = String(request.headers.origin);
    if (globListAllows(await perClient.origins(request), origin)) {
      policy.allowActual(reply, origin);
      debug(request, "allowed by the client's allowed_cors_origins");
    } else {
      debug(request, "origin not in the client's allowed_cors_origins");
    }
  });
}
