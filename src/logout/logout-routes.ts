/**
 * HTTP adapters of RP-initiated logout. Public: the end_session_endpoint GET|POST
 * /oauth2/sessions/logout (RP-Initiated Logout 1.0 §2: both methods, form-encoded POST), and the
 * fallback pages used when urls.logout / urls.post_logout_redirect are unset (the admin side is in
 * session-admin-routes.ts). Errors go to the error page, never to a relying party.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PublicApp } from '../http/surfaces/surface.js';
import { isOAuthError, type OAuthError } from '../core/errors.js';
import { PAGE_HEADERS, escapeHtml } from '../web/html.js';
import { frontChannelPage } from './channel-logout/front-channel-page.js';
import type { LogoutOutcome, LogoutService } from './logout-service.js';

export const END_SESSION_PATH = 'oauth2/sessions/logout';

export function one(source: unknown, name: string): string | undefined {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface LogoutPublicRouteDeps {
  logout: LogoutService;
  /** The authorization endpoint's error page, where a logout error is shown (never sent to a relying party). */
  errorPage: (error: OAuthError) => string;
  /** urls.self.public: the base of Hydra's request_url. */
  publicBase: string;
}

export function registerLogoutPublicRoutes(app: PublicApp, { logout: service, errorPage, publicBase }: LogoutPublicRouteDeps): void {
  const handle = async (request: FastifyRequest, reply: FastifyReply, params: unknown) => {
    const status = request.method === 'POST' ? 303 : 302;
    // No-store and no-cache come from the public listener's cache policy (http/surfaces/cache-policy.ts).
    reply.header('referrer-policy', 'no-referrer');
    try {
      const verifier = one(params, 'logout_verifier');
      // Hydra's request_url: the public URL this request came to (with a path prefix, if any).
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const requestUrl = new URL(`${END_SESSION_PATH}${search}`, publicBase).toString();
      const outcome: LogoutOutcome = verifier
        ? await service.finish(verifier)
        : await service.start(
            { idTokenHint: one(params, 'id_token_hint'), postLogoutRedirectUri: one(params, 'post_logout_redirect_uri'), state: one(params, 'state') },
            requestUrl,
            request.headers.cookie,
          );
      if (outcome.cookies.length > 0) reply.header('set-cookie', outcome.cookies);
      // Front-Channel Logout 1.0 §4: a page loads each RP's logout URI, then goes on.
      const frontChannel = outcome.frontChannelUrls ?? [];
      if (frontChannel.length > 0) {
        const page = frontChannelPage(frontChannel, outcome.location);
        return reply.status(200).headers(page.headers).send(page.html);
      }
      return reply.redirect(outcome.location, status);
    } catch (error) {
      if (!isOAuthError(error)) throw error;
      return reply.redirect(errorPage(error), status);
    }
  };
  app.get(`/${END_SESSION_PATH}`, (request, reply) => handle(request, reply, request.query));
  app.post(`/${END_SESSION_PATH}`, (request, reply) => handle(request, reply, request.body));

  const page = (reply: FastifyReply, title: string, text: string) =>
    reply.status(200).headers(PAGE_HEADERS).send(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1><p>${text}</p></body></html>`);
  app.get('/oauth2/fallbacks/logout', async (_request, reply) =>
    page(reply, 'Logout is not configured', 'Set <code>urls.logout</code> (environment <code>URLS_LOGOUT</code>) to the URL of your logout app.'));
  app.get('/oauth2/fallbacks/logout/callback', async (_request, reply) =>
    page(reply, 'You have been logged out', 'Set <code>urls.post_logout_redirect</code> (environment <code>URLS_POST_LOGOUT_REDIRECT</code>) to choose where users land.'));
}
