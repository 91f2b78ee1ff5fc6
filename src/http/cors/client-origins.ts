/**
 * Which client a public request speaks for, so that its `allowed_cors_origins` can apply, found
 * the way Hydra's x/oauth2cors finds it, in this order:
 *   1. the `client_id` form parameter (client_secret_post, and public clients with PKCE);
 *   2. the user of HTTP Basic credentials (client_secret_basic; RFC 6749 §2.3.1 form-encodes it);
 *   3. an access token presented as a bearer (RFC 6750 §2.1 header or §2.2 form parameter),
 *      introspected in process: the client it was issued to.
 * Nothing here authenticates anyone: the endpoint behind still does. A wrong or unknown client
 * only means that no per-client origin applies, so every failure reads as "no origins".
 */
import type { FastifyRequest } from 'fastify';
import type { ClientService } from '../../client/client-service.js';
import type { TokenIntrospector } from '../../oauth2/tokens/token-introspector.js';

export type ClientOriginsLookup = (request: FastifyRequest) => Promise<readonly string[]>;

export interface ClientOriginsDeps {
  clients: Pick<ClientService, 'find'>;
  introspector: Pick<TokenIntrospector, 'introspect'>;
}

export function clientOriginsLookup(deps: ClientOriginsDeps): ClientOriginsLookup {
  return async (request) => {
    try {
      const clientId = formField(request, 'client_id') ?? basicUser(request.headers.authorization) ?? (await bearerClient(request, deps.introspector));
      if (!clientId) return [];
      return (await deps.clients.find(clientId))?.allowed_cors_origins ?? [];
    } catch {
      return [];
    }
  };
}

function formField(request: FastifyRequest, name: string): string | undefined {
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function basicUser(authorization: string | undefined): string | undefined {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  const user = decoded.slice(0, colon);
  try {
    return decodeURIComponent(user.replace(/\+/g, ' '));
  } catch {
    return user;
  }
}

async function bearerClient(request: FastifyRequest, introspector: ClientOriginsDeps['introspector']): Promise<string | undefined> {
  const token = /^Bearer +([^ ]+) *$/i.exec(request.headers.authorization ?? '')?.[1] ?? formField(request, 'access_token');
  if (!token) return undefined;
  const result = await introspector.introspect(token);
  return result.active && result.token_use === 'access_token' ? result.client_id : undefined;
}
