/**
 * The JSON Web Key as Tessera keeps it: an RFC 7517 object whose `kty` and `kid` are always
 * present, restricted to the members RFC 7517 §4 and RFC 7518 §6 define (go-jose, which Hydra
 * uses, keeps no other member either). A stored key may hold private material; what leaves the
 * public listener is the projection of `toPublicJwk`.
 */
import type { JWK } from 'jose';

export type Jwk = JWK & { kty: string; kid: string };

export type KeyType = 'RSA' | 'EC' | 'OKP' | 'oct';

/** RFC 7517 §4: members common to every key type. */
export const COMMON_MEMBERS = ['kty', 'use', 'key_ops', 'alg', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256'] as const;

/** RFC 7518 §6.2.1, §6.3.1 and RFC 8037 §2: the public parameters of each key type. */
export const PUBLIC_MEMBERS: Record<KeyType, readonly string[]> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
  oct: [],
};

/** RFC 7518 §6.2.2, §6.3.2, §6.4.1 and RFC 8037 §2: the members that must never be published. */
export const PRIVATE_MEMBERS: Record<KeyType, readonly string[]> = {
  RSA: ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'],
  EC: ['d'],
  OKP: ['d'],
  oct: ['k'],
};

export function isKeyType(value: unknown): value is KeyType {
  return value === 'RSA' || value === 'EC' || value === 'OKP' || value === 'oct';
}

export function hasPrivateMaterial(jwk: Jwk): boolean {
  return jwk.kty === 'oct' ? typeof jwk.k === 'string' : typeof jwk.d === 'string';
}

/**
 * Whether the key may sign ID tokens and JWT access tokens. Hydra signs with the newest key of
 * the set that holds private material; Tessera also requires it to be asymmetric (relying
 * parties verify with the published JWKS, OpenID Connect Core §10.1, and a symmetric key is
 * never published) and not reserved for encryption (RFC 7517 §4.2 `use: enc`).
 */
export function isSigningKey(jwk: Jwk): boolean {
  return jwk.kty !== 'oct' && hasPrivateMaterial(jwk) && jwk.use !== 'enc';
}

/**
 * The public half of a key, or undefined for a symmetric key (which has no public half: its
 * `k` is the secret itself, RFC 7518 §6.4). Built from an allow-list, so a member unknown
 * today can never leak private material.
 */
export function toPublicJwk(jwk: Jwk): Jwk | undefined {
  if (!isKeyType(jwk.kty) || jwk.kty === 'oct') return undefined;
  const source = jwk as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const name of [...COMMON_MEMBERS, ...PUBLIC_MEMBERS[jwk.kty]]) {
    if (source[name] !== undefined) result[name] = source[name];
  }
  // RFC 7517 §4.3: a public key offers no private operation.
  if (Array.isArray(result.key_ops)) {
    result.key_ops = (result.key_ops as string[]).filter((op) => op === 'verify' || op === 'encrypt' || op === 'wrapKey');
  }
  return result as Jwk;
}
