/**
 * Opaque tokens in Hydra's format (fosite `token/hmac/hmacsha.go`, `strategy_hmacsha_prefixed.go`):
 *   <prefix> base64url(32 random bytes) "." base64url(HMAC-SHA-512/256(key, random part))
 * with key = SHA-256(secrets.system[i]). Issuing signs with the first secret; validation tries
 * every entry, so rotating secrets.system keeps old tokens valid. Only the signature part is
 * needed to find a token's row, and only a hash of it is stored (RFC 6819 §4.5.2: a database
 * leak must not yield usable tokens).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { randomBytesFromPool } from './random-pool.js';

export type TokenKind = 'at' | 'rt' | 'ac' | 'dc';

/** RFC 6749 §10.10 and RFC 6819 §5.1.4.2.2: at least 128 bits of entropy; 256 as Hydra. */
const ENTROPY_BYTES = 32;

export interface OpaqueToken {
  token: string;
  signature: string;
}

export class HmacTokenStrategy {
  private readonly keys: Buffer[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('HmacTokenStrategy needs at least one secret');
    this.keys = secrets.map((secret) => createHash('sha256').update(secret, 'utf8').digest());
  }

  generate(kind: TokenKind): OpaqueToken {
    const key = randomBytesFromPool(ENTROPY_BYTES).toString('base64url');
    const signature = sign(this.keys[0]!, key);
    return { token: `ory_${kind}_${key}.${signature}`, signature };
  }

  /**
   * Returns the signature of a well-formed token whose HMAC verifies under any configured
   * secret, or undefined for anything else (wrong prefix, tampered, foreign, malformed).
   */
  validate(kind: TokenKind, token: string): string | undefined {
    const prefix = `ory_${kind}_`;
    const body = token.startsWith(prefix) ? token.slice(prefix.length) : token;
    const dot = body.indexOf('.');
    if (dot <= 0 || dot !== body.lastIndexOf('.')) return undefined;
    const key = body.slice(0, dot);
    const signature = body.slice(dot + 1);
    const presented = Buffer.from(signature, 'base64url');
    if (presented.length !== 32 || presented.toString('base64url') !== signature) return undefined;
    for (const secret of this.keys) {
      const expected = Buffer.from(sign(secret, key), 'base64url');
      if (timingSafeEqual(expected, presented)) return signature;
    }
    return undefined;
  }
}

function sign(key: Buffer, message: string): string {
  return createHmac('sha512-256', key).update(message, 'utf8').digest('base64url');
}

/** The key under which a token's row is stored: a hash of its signature, never the token. */
export function signatureKey(signature: string): string {
  return createHash('sha384').update(signature, 'utf8').digest('hex');
}
