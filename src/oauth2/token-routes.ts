/**
 * HTTP adapters of the token lifecycle: the token and revocation endpoints on the public
 * listener, introspection and bulk deletion on the admin listener (as Hydra places them).
 * Responses carry `Cache-Control: no-store` and `Pragma: no-cache` (RFC 6749 §5.1), set by each
 * listener's cache policy (http/surfaces/cache-policy.ts).
 */
import { errors } from '../core/errors.js';
import { FormParameters } from '../core/form-parameters.js';
import { splitScope } from '../core/scope-strategy.js';
import type { AdminApp, PublicApp } from '../http/surfaces/surface.js';
import type { ClientAuthenticator } from './client-authentication.js';
import { requireFormBody } from './form-only.js';
import type { TokenClient } from './grants/grant-handler.js';
import type { TokenEndpoint } from './token-endpoint.js';
import type { AccessTokenStore } from './tokens/access-token-store.js';
import type { TokenIntrospector } from './tokens/token-introspector.js';
import type { TokenRevoker } from './tokens/token-revoker.js';

export interface TokenPublicRouteDeps {
  endpoint: TokenEndpoint;
  /** RFC 6749 §2.3, the same authentication as the token endpoint's. */
  clientAuthenticator: ClientAuthenticator<TokenClient>;
  revoker: TokenRevoker;
}

export interface TokenAdminRouteDeps {
  introspector: TokenIntrospector;
  accessTokens: Pick<AccessTokenStore, 'deleteByClient'>;
}

export function registerTokenPublicRoutes(app: PublicApp, { endpoint, clientAuthenticator, revoker }: TokenPublicRouteDeps): void {
  app.post('/oauth2/token', async (request) => {
    requireFormBody(request);
    return endpoint.handle(request.headers.authorization, request.body);
  });

  // RFC 7009 §2.1: the client authenticates, then names the token; an unknown token is a 200.
  app.post('/oauth2/revoke', async (request, reply) => {
    requireFormBody(request);
    const params = FormParameters.from(request.body);
    const client = await clientAuthenticator.authenticate(request.headers.authorization, params);
    await revoker.revoke(client.client_id, params.require('token'));
    reply.status(200);
    return '';
  });
}

export function registerTokenAdminRoutes(app: AdminApp, { introspector, accessTokens }: TokenAdminRouteDeps): void {
  // RFC 7662 §2.1; on the admin port, which Hydra leaves to network isolation to protect.
  app.post('/admin/oauth2/introspect', async (request) => {
    requireFormBody(request);
    const params = FormParameters.from(request.body);
    return introspector.introspect(params.require('token'), splitScope(params.get('scope')));
  });

  app.delete('/admin/oauth2/tokens', async (request, reply) => {
    const clientId = (request.query as Record<string, unknown>).client_id;
    if (typeof clientId !== 'string' || clientId === '') {
      throw errors.invalidRequest.withHint('The query parameter "client_id" is required.');
    }
    await accessTokens.deleteByClient(clientId);
    reply.status(204);
  });
}
