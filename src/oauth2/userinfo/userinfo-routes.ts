/**
 * GET and POST /userinfo on the public listener (OIDC Core §5.3.1: both methods MUST be
 * supported). Responses are never cached (RFC 6749 §5.1 applies to what carries user data).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from '../../registry/registry.js';
import { NO_STORE } from '../form-only.js';
import { bearerToken } from './bearer-token.js';

export function registerUserinfoRoutes(app: FastifyInstance, registry: Registry): void {
  const endpoint = registry.tokens.userinfo;
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(NO_STORE);
    const answer = await endpoint.respond(bearerToken(request.headers.authorization, request.method === 'POST' ? request.body : undefined));
    // OIDC Core §5.3.2: a signed response is served as application/jwt.
    if (answer.contentType === 'jwt') return reply.type('application/jwt').send(answer.body);
    return answer.body;
  };
  app.get('/userinfo', handler);
  app.post('/userinfo', handler);
}
