/**
 * One set as the token endpoints need it, computed once per load: the public keys to publish
 * and the key that signs. As Hydra's `FindPrivateKey` over `GetKeySet`, the signing key is the
 * newest key of the set that can sign (jwk.ts `isSigningKey`); it is imported once here, so
 * that no request pays for parsing a private key.
 */
import { importJWK, type CryptoKey } from 'jose';
import { signingAlgorithm } from './algorithms.js';
import { PRIVATE_MEMBERS, PUBLIC_MEMBERS, isSigningKey, toPublicJwk, type Jwk, type KeyType } from './jwk.js';
import type { JwkRecord } from './key-store.js';

export interface SigningKey {
  set: string;
  kid: string;
  /** The JWS `alg` to put in the protected header (RFC 7515 §4.1.1). */
  alg: string;
  /** The private key, ready for jose's SignJWT / CompactSign. */
  key: CryptoKey;
  /** The public half, for a `jwk` header or a thumbprint. */
  publicJwk: Jwk;
}

export interface KeySetView {
  set: string;
  /** Number of keys in the set, private, public and symmetric alike. */
  size: number;
  /** RFC 7517 §5: the set's public keys, newest first, symmetric keys left out. */
  publicKeys: readonly Jwk[];
  signing: SigningKey | undefined;
}

export async function buildKeySetView(set: string, records: readonly JwkRecord[]): Promise<KeySetView> {
  const publicKeys = records.map((r) => toPublicJwk(r.jwk)).filter((k): k is Jwk => k !== undefined);
  const newest = records.find((r) => isSigningKey(r.jwk));
  return {
    set,
    size: records.length,
    publicKeys: Object.freeze(publicKeys.map((k) => Object.freeze(k))),
    signing: newest ? await importSigningKey(set, newest.jwk) : undefined,
  };
}

export async function importSigningKey(set: string, jwk: Jwk): Promise<SigningKey> {
  const alg = signingAlgorithm(jwk);
  // Only the key parameters go to WebCrypto: `alg`, `use`, `key_ops` and `ext` were checked
  // when the key was stored, and WebCrypto would refuse a private key marked `verify` only.
  const material: Record<string, unknown> = { kty: jwk.kty };
  const source = jwk as Record<string, unknown>;
  for (const name of [...PUBLIC_MEMBERS[jwk.kty as KeyType], ...PRIVATE_MEMBERS[jwk.kty as KeyType]]) {
    if (source[name] !== undefined) material[name] = source[name];
  }
  const key = await importJWK(material, alg);
  return { set, kid: jwk.kid, alg, key: key as CryptoKey, publicJwk: toPublicJwk(jwk)! };
}
