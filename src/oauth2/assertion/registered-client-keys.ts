/**
 * ClientKeys over what the client registered: inline `jwks`, or the set at `jwks_uri` through the
 * bounded cache (jwks-uri-cache.ts), which is fetched again once when the set lacks the key the
 * JWS header asks for (a `kid` it does not hold), as fosite's findClientPublicJWK retries with the
 * cache bypassed.
 */
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { ClientKeys, KeyedClient, VerificationKeyResolver } from './client-keys.js';
import type { JwksUriCache } from './jwks-uri-cache.js';

export class RegisteredClientKeys implements ClientKeys {
  constructor(private readonly remote?: JwksUriCache) {}

  resolverFor(client: KeyedClient): VerificationKeyResolver {
    if (client.jwks && Array.isArray(client.jwks.keys) && client.jwks.keys.length > 0) {
      return createLocalJWKSet(client.jwks as unknown as JSONWebKeySet) as VerificationKeyResolver;
    }
    const { remote } = this;
    const uri = client.jwks_uri;
    if (uri && remote) {
      return async (header, token) => {
        try {
          return await (await remote.resolver(uri))(header, token);
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'ERR_JWKS_NO_MATCHING_KEY') throw error;
        }
        return (await remote.resolver(uri, true))(header, token);
      };
    }
    return async () => {
      throw new Error(uri ? 'keys from jwks_uri are not fetched here' : 'the client registered no keys (jwks or jwks_uri)');
    };
  }
}
