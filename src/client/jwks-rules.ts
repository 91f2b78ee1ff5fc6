/**
 * Checks of the keys a client registers for private_key_jwt and signed request objects
 * (OpenID Connect Registration §2, `jwks`, `jwks_uri`, `token_endpoint_auth_signing_alg`).
 * Key material is checked by node:crypto's JWK import, never by hand.
 */
import { createPublicKey } from 'node:crypto';
import { errors } from '../core/errors.js';
import type { ClientJwks } from './client.js';
import { isPlainObject } from './client-input.js';

/** Hydra accepts these for private_key_jwt client assertions (`client/validator.go`). */
export const AUTH_SIGNING_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;

/** client_secret_jwt (RFC 7523 §2.2): HMAC over the secret, whose key RFC 7518 §3.2 wants at least as long as the hash. */
export const HMAC_KEY_BYTES: Readonly<Record<string, number>> = { HS256: 32, HS384: 48, HS512: 64 };

/**
 * A set passed by value. `{}` (no `keys` member) means no set, as Hydra prints an unset one. Each
 * key must be a well-formed public key: a client never hands the server its private key.
 */
export function checkJwks(jwks: Record<string, unknown> | undefined): ClientJwks | undefined {
  if (jwks === undefined || (Object.keys(jwks).length === 0)) return undefined;
  const keys = jwks.keys;
  if (!Array.isArray(keys)) throw errors.invalidClientMetadata.withHint('Field jwks must be a JSON Web Key Set with a "keys" array.');
  for (const [index, key] of keys.entries()) {
    if (!isPlainObject(key) || typeof key.kty !== 'string') {
      throw errors.invalidClientMetadata.withHint(`Field jwks holds an invalid JSON Web Key at index ${index}.`);
    }
    if (key.kty === 'oct') {
      if (typeof key.k !== 'string' || key.k === '') {
        throw errors.invalidClientMetadata.withHint(`Field jwks holds an invalid JSON Web Key at index ${index}.`);
      }
      continue;
    }
    if ('d' in key) {
      throw errors.invalidClientMetadata.withHint(`Field jwks holds a private key at index ${index}; register public keys only.`);
    }
    try {
      createPublicKey({ key: key as never, format: 'jwk' });
    } catch {
      throw errors.invalidClientMetadata.withHint(`Field jwks holds an invalid JSON Web Key at index ${index}.`);
    }
  }
  return { ...jwks, keys: keys as Record<string, unknown>[] };
}

/** RFC 7523 §2.2 client assertions need a key to verify them, and an algorithm Hydra supports. */
export function checkPrivateKeyJwt(hasKeys: boolean, signingAlg: string | undefined): void {
  if (!hasKeys) {
    throw errors.invalidClientMetadata.withHint("When token_endpoint_auth_method is 'private_key_jwt', either jwks or jwks_uri must be set.");
  }
  if (signingAlg && !(AUTH_SIGNING_ALGS as readonly string[]).includes(signingAlg)) {
    throw errors.invalidClientMetadata.withHint(
      `Field token_endpoint_auth_signing_alg must be one of ${AUTH_SIGNING_ALGS.join(', ')} for private_key_jwt.`,
    );
  }
}

/**
 * client_secret_jwt: an HMAC algorithm, and a secret (when this request sets one) long enough to
 * key it (RFC 7518 §3.2 MUST); without a registered algorithm HS256's 32 bytes are the minimum.
 */
export function checkClientSecretJwt(signingAlg: string | undefined, secret: string | undefined): void {
  if (signingAlg && HMAC_KEY_BYTES[signingAlg] === undefined) {
    throw errors.invalidClientMetadata.withHint(
      `Field token_endpoint_auth_signing_alg must be one of ${Object.keys(HMAC_KEY_BYTES).join(', ')} for client_secret_jwt.`,
    );
  }
  const needed = HMAC_KEY_BYTES[signingAlg || 'HS256']!;
  if (secret && Buffer.byteLength(secret, 'utf8') < needed) {
    throw errors.invalidClientMetadata.withHint(
      `Field client_secret must be at least ${needed} bytes long for client_secret_jwt with ${signingAlg || 'HS256'} (RFC 7518 §3.2).`,
    );
  }
}
