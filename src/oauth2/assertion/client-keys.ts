/**
 * The keys a client registered to sign what it sends: JWT client assertions (private_key_jwt,
 * OIDC Core §9) and request objects (OIDC Core §6.1, RFC 9101). A client registers either `jwks`
 * (the keys inline) or `jwks_uri` (fetched through the outbound guard, cached with a bound and
 * refetched on an unknown `kid`), never both (client/jwks-rules.ts).
 */
import type { webcrypto } from 'node:crypto';
import type { JWSHeaderParameters, FlattenedJWSInput } from 'jose';

export interface KeyedClient {
  client_id: string;
  jwks?: { keys: Record<string, unknown>[] } | null;
  jwks_uri?: string;
}

/** jose's key-resolver shape, for `jwtVerify(token, resolver)`. */
export type VerificationKeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<webcrypto.CryptoKey | Uint8Array>;

export interface ClientKeys {
  /**
   * A resolver over `client`'s registered keys. Its failures are jose's (no key for the `kid`,
   * several candidate keys) or the outbound guard's (jwks_uri refused or unreachable); callers
   * turn them into the error of their endpoint.
   */
  resolverFor(client: KeyedClient): VerificationKeyResolver;
}
