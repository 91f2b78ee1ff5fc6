/**
 * ClientKeys over what the client registered. Inline `jwks` only for now: a client with a
 * `jwks_uri` gets a resolver that refuses, until the fetching side (outbound guard, bounded cache,
 * refetch on an unknown `kid`) is built for private_key_jwt (issue 11).
 */
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { ClientKeys, KeyedClient, VerificationKeyResolver } from './client-keys.js';

export class RegisteredClientKeys implements ClientKeys {
  resolverFor(client: KeyedClient): VerificationKeyResolver {
    if (client.jwks && Array.isArray(client.jwks.keys) && client.jwks.keys.length > 0) {
      return createLocalJWKSet(client.jwks as unknown as JSONWebKeySet) as VerificationKeyResolver;
    }
    return async () => {
      throw new Error(client.jwks_uri ? 'keys from jwks_uri are not fetched yet' : 'the client registered no keys (jwks or jwks_uri)');
    };
  }
}
