/**
 * HTTP adapter of the authorization endpoint (GET and POST /oauth2/auth, OIDC Core §3.1.2.1).
 * Answers are redirects, 302 to a GET and 303 to a POST so that the form body is never re-posted
 * to the next hop (RFC 9700 §4.12), or the 200 page of response_mode=form_post (form-post.ts).
 * No CORS here (RFC 9700 §2.6). No answer is cached: the public listener's cache policy sets
 * `no-store` and `no-cache` (http/surfaces/cache-policy.ts), and the form_post page its own pair.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PublicApp } from '../../http/surfaces/surface.js';
import { FormParameters } from '../../core/form-parameters.js';
import { isOAuthError } from '../../core/errors.js';
import type { AuthorizeEndpoint } from './authorize-endpoint.js';

const VERIFIERS = ['login_verifier', 'consent_verifier'];

export interface AuthorizeRouteDeps {
  authorize: AuthorizeEndpoint;
  /** urls.self.public: the base of the request URL the flow remembers. */
  publicBase: string;
}

export function registerAuthorizeRoutes(app: PublicApp, { authorize: endpoint, publicBase }: AuthorizeRouteDeps): void {
  const handle = async (request: FastifyRequest, reply: FastifyReply, raw: unknown, search: URLSearchParams) => {
    const status = request.method === 'POST' ? 303 : 302;
    reply.header('referrer-policy', 'no-referrer');
    let params: FormParameters;
    try {
      // `audience` may repeat, as at the token endpoint; anything else twice is invalid (RFC 6749 §3.1).
      params = FormParameters.from(raw, ['audience']);
    } catch (error) {
      if (!isOAuthError(error)) throw error;
      return reply.redirect(endpoint.errorPage(error), status);
    }
    for (const name of VERIFIERS) search.delete(name);
    const requestUrl = new URL('oauth2/auth', publicBase);
    requestUrl.search = search.toString();
    const outcome = await endpoint.handle({ params, requestUrl: requestUrl.toString(), cookieHeader: request.headers.cookie });
    if (outcome.cookies.length > 0) reply.header('set-cookie', outcome.cookies);
    if (outcome.page) return reply.code(200).headers(outcome.page.headers).send(outcome.page.html);
    return reply.redirect(outcome.location!, status);
  };

  app.get('/oauth2/auth', (request, reply) => {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    return handle(request, reply, request.query, new URLSearchParams(query));
  });
  app.post('/oauth2/auth', (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string | string[]>;
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(body)) for (const v of [value].flat()) search.append(name, String(v));
    return handle(request, reply, body, search);
  });
}
