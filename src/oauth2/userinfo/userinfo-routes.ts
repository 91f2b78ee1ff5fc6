/**
 * GET and POST /userinfo on the public listener (OIDC Core §5.3.1: both methods MUST be
 * supported). Responses are never cached (RFC 6749 §5.1 applies to what carries user data): the
 * public listener's cache policy sets the pair (http/surfaces/cache-policy.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PublicApp } from '../../http/surfaces/surface.js';
import { bearerToken } from './bearer-token.js';
import type { UserinfoEndpoint } from './userinfo-endpoint.js';

export interface UserinfoRouteDeps {
  userinfo: UserinfoEndpoint;
}

export function registerUserinfoRoutes(app: PublicApp, { userinfo: endpoint }: UserinfoRouteDeps): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = await endpoint.respond(bearerToken(request.headers.authorization, request.method === 'POST' ? request.body : undefined));
    // OIDC Core §5.3.2: a signed response is served as application/jwt.
    if (answer.contentType === 'jwt') return reply.type('application/jwt').send(answer.body);
    return answer.body;
  };
  app.get('/userinfo', handler);
  app.post('/userinfo', handler);
}
