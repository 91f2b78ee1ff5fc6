/**
 * Which answers may never be stored by a cache, decided once per listener instead of by hand in
 * each route: RFC 6749 §5.1 asks `Cache-Control: no-store` and `Pragma: no-cache` of every answer
 * that carries a token or a credential, and the same pair keeps an admin answer (a client, a key
 * set, a consent) out of any shared cache, as Hydra's admin API is never cached.
 *
 * A route that sends its own Cache-Control keeps it (the form_post page's `no-cache, no-store`,
 * the fallback and front-channel pages, discovery and the JWKS): the hook only fills a gap.
 * Error answers get the pair from the error renderer (error-renderer.ts) on both listeners.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminApp, PublicApp } from './surface.js';

export const NEVER_CACHED = Object.freeze({ 'cache-control': 'no-store', pragma: 'no-cache' });

/**
 * The public routes whose answers carry tokens, codes, challenges or a user's claims: the token,
 * revocation, authorization, userinfo and RP-initiated logout endpoints, the device authorization
 * endpoint and its verification redirect (RFC 8628 §3.2, §3.3: device codes, device challenges)
 * and the credential endpoint (route patterns).
 */
export const NEVER_CACHED_PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  '/oauth2/token',
  '/oauth2/revoke',
  '/oauth2/auth',
  '/userinfo',
  '/oauth2/sessions/logout',
  '/oauth2/device/auth',
  '/oauth2/device/verify',
  '/credentials',
]);

function fillGap(reply: FastifyReply): void {
  if (!reply.hasHeader('cache-control')) reply.headers(NEVER_CACHED);
}

/** Every admin answer, errors and empty 204s included. */
export function neverCacheAdmin(app: AdminApp): void {
  // Callback hooks (nothing waits here): an async hook costs every request a promise.
  app.addHook('onSend', (_request, reply, payload, done) => {
    fillGap(reply);
    done(null, payload);
  });
}

/** The public answers of NEVER_CACHED_PUBLIC_ROUTES; a CORS preflight (OPTIONS) is left as it is. */
export function neverCachePublic(app: PublicApp): void {
  app.addHook('onSend', (request: FastifyRequest, reply, payload, done) => {
    if (request.method !== 'OPTIONS' && NEVER_CACHED_PUBLIC_ROUTES.has(request.routeOptions.url ?? '')) fillGap(reply);
    done(null, payload);
  });
}
