/**
 * GET and POST /userinfo on the public listener (OIDC Core §5.3.1: both methods MUST be
 * supported). Responses are never cached (RFC 6749 §5.1 applies to what carries user data).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Registry } from '../../registry.js';
import { NO_STORE } from '../form-only.js';
import { bearerToken } from './bearer-token.js';

export function registerUserinfoRoutes(app: FastifyInstance, registry: Registry): void {
  const endpoint = registry.tokens.userinfo;
  const handler = async (request: FastifyRequest, reply: { headers(h: Record<string, string>): unknown }) => {
    reply.headers(NO_STORE);
    return endpoint.claims(bearerToken(request.headers.authorization, request.method === 'POST' ? request.body : undefined));
  };
  app.get('/userinfo', handler);
  app.post('/userinfo', handler);
}
