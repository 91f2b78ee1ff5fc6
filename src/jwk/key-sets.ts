/**
 * The key sets Tessera signs with, and the two narrow views of the key manager that protocol code
 * needs: a signing key and the public keys of a set. The names are Hydra's (`x/const.go`:
 * `hydra.openid.id-token`, `hydra.jwt.access-token`). This module imports nothing at run time, so
 * that core/ and the grants can name a set without loading the key store (and with it Kysely).
 */
import type { CryptoKey, JSONWebKeySet, KeyObject } from 'jose';

/** Signs ID tokens, logout tokens and signed userinfo responses (Hydra's OpenIDConnectKeyName). */
export const ID_TOKEN_SET = 'hydra.openid.id-token';
/** Signs JWT access tokens (Hydra's OAuth2JWTKeyName). */
export const ACCESS_TOKEN_SET = 'hydra.jwt.access-token';

/** What a JWS needs: the key, and the `kid` and `alg` of its protected header (RFC 7515 §4.1). */
export interface SigningKey {
  kid: string;
  alg: string;
  key: CryptoKey | KeyObject | Uint8Array;
}

export interface SigningKeySource {
  /** The newest signing key of the set (Hydra's FindPrivateKey). */
  signingKey(set: string): Promise<SigningKey>;
}

export interface PublicKeySource {
  /** RFC 7517 §5: the public keys of the sets named, for verifying what this server signed. */
  publicJwks(sets: readonly string[]): Promise<JSONWebKeySet>;
}
