/**
 * Which algorithms a key can be generated for, and which key each algorithm needs.
 *
 * Hydra (`jwk/generate.go`, `oryx/josex/generate.go`) generates RSA keys of 4096 bits for every
 * RS and PS algorithm, P-256/P-384/P-521 for ES256/ES384/ES512 and Ed25519 for EdDSA. Its API
 * documentation also promises HS256 and HS512, which its code refuses; Tessera generates them as
 * RFC 7518 §3.2 asks: a random key as long as the hash output.
 */
import type { Jwk, KeyType } from './jwk.js';

export type GenerationSpec =
  | { kty: 'RSA'; modulusLength: number }
  | { kty: 'EC'; crv: 'P-256' | 'P-384' | 'P-521' }
  | { kty: 'OKP'; crv: 'Ed25519' }
  | { kty: 'oct'; bytes: number };

/** Hydra's RSA size: 4096 bits, for every RSA algorithm (`jwk/generate.go`). */
export const RSA_MODULUS_BITS = 4096;

const rsa: GenerationSpec = { kty: 'RSA', modulusLength: RSA_MODULUS_BITS };

export const GENERATION: Readonly<Record<string, GenerationSpec>> = {
  RS256: rsa,
  RS384: rsa,
  RS512: rsa,
  PS256: rsa,
  PS384: rsa,
  PS512: rsa,
  ES256: { kty: 'EC', crv: 'P-256' },
  ES384: { kty: 'EC', crv: 'P-384' },
  ES512: { kty: 'EC', crv: 'P-521' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
  HS256: { kty: 'oct', bytes: 32 },
  HS384: { kty: 'oct', bytes: 48 },
  HS512: { kty: 'oct', bytes: 64 },
};

export const GENERATION_ALGORITHMS = Object.keys(GENERATION);

/**
 * RFC 7518 §3.1 and §4.1: the key type (and curve) each registered algorithm needs, so that a
 * stored key whose `alg` it cannot serve is refused at once rather than failing at signing.
 */
const REQUIREMENTS: Readonly<Record<string, { kty: KeyType; crv?: readonly string[] }>> = {
  ...Object.fromEntries(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'].map((a) => [a, { kty: 'RSA' }])),
  ...Object.fromEntries(['RSA1_5', 'RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'].map((a) => [a, { kty: 'RSA' }])),
  ES256: { kty: 'EC', crv: ['P-256'] },
  ES384: { kty: 'EC', crv: ['P-384'] },
  ES512: { kty: 'EC', crv: ['P-521'] },
  ES256K: { kty: 'EC', crv: ['secp256k1'] },
  EdDSA: { kty: 'OKP', crv: ['Ed25519', 'Ed448'] },
  Ed25519: { kty: 'OKP', crv: ['Ed25519'] },
  ...Object.fromEntries(['HS256', 'HS384', 'HS512'].map((a) => [a, { kty: 'oct' }])),
};

/** Undefined when `alg` can use the key (or is not a registered algorithm); else why not. */
export function algorithmMismatch(jwk: Jwk): string | undefined {
  const need = jwk.alg ? REQUIREMENTS[jwk.alg] : undefined;
  if (!need) return undefined;
  if (need.kty !== jwk.kty) return `"alg" ${jwk.alg} needs a key of "kty" ${need.kty}, not ${jwk.kty}.`;
  if (need.crv && !need.crv.includes(String(jwk.crv))) return `"alg" ${jwk.alg} needs "crv" ${need.crv.join(' or ')}.`;
  return undefined;
}

/** The JWS algorithm a signing key without `alg` is used with (RFC 7518 §3.1 defaults). */
export function signingAlgorithm(jwk: Jwk): string {
  if (jwk.alg) return jwk.alg;
  switch (jwk.kty) {
    case 'EC':
      return ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', secp256k1: 'ES256K' } as Record<string, string>)[String(jwk.crv)] ?? 'ES256';
    case 'OKP':
      return 'EdDSA';
    case 'oct':
      return 'HS256';
    default:
      return 'RS256';
  }
}
