/**
 * HTTP adapters of the token lifecycle: the token and revocation endpoints on the public
 * listener, introspection and bulk deletion on the admin listener (as Hydra places them).
 * Responses carry `Cache-Control: no-store` and `Pragma: no-cache` (RFC 6749 §5.1).
 */
import type { FastifyInstance } from 'fastify';
import { errors } from '../core/errors.js';
import { FormParameters } from '../core/form-parameters.js';
import { splitScope } from '../core/scope-strategy.js';
import type { Registry } from '../registry.js';
import { NO_STORE, requireFormBody } from './form-only.js';

export function registerTokenPublicRoutes(app: FastifyInstance, registry: Registry): void {
  const { tokens } = registry;
  app.post('/oauth2/token', async (request, reply) => {
    reply.headers(NO_STORE);
    requireFormBody(request);
    return tokens.endpoint.handle(request.headers.authorization, request.body);
  });

  // RFC 7009 §2.1: the client authenticates, then names the token; an unknown token is a 200.
  app.post('/oauth2/revoke', async (request, reply) => {
    reply.headers(NO_STORE);
    requireFormBody(request);
    const params = FormParameters.from(request.body);
    const client = await tokens.clientAuthenticator.authenticate(request.headers.authorization, params);
    await tokens.revoker.revoke(client.client_id, params.require('token'));
    reply.status(200);
    return '';
  });
}

export function registerTokenAdminRoutes(app: FastifyInstance, registry: Registry): void {
  const { tokens } = registry;
  // RFC 7662 §2.1; on the admin port, which Hydra leaves to network isolation to protect.
  app.post('/admin/oauth2/introspect', async (request, reply) => {
    reply.headers(NO_STORE);
    requireFormBody(request);
    const params = FormParameters.from(request.body);
    return tokens.introspector.introspect(params.require('token'), splitScope(params.get('scope')));
  });

  app.delete('/admin/oauth2/tokens', async (request, reply) => {
    const clientId = (request.query as Record<string, unknown>).client_id;
    if (typeof clientId !== 'string' || clientId === '') {
      throw errors.invalidRequest.withHint('The query parameter "client_id" is required.');
    }
    await tokens.accessTokens.deleteByClient(clientId);
    reply.status(204);
  });
}
