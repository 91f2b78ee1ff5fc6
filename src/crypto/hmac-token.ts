/**
 * Opaque tokens in Hydra's format (fosite `token/hmac/hmacsha.go`, `strategy_hmacsha_prefixed.go`):
 *   <prefix> base64url(32 random bytes) "." base64url(HMAC-SHA-512/256(key, the 32 raw bytes))
 * with key = SHA-256(secrets.system[i]) (Hydra `x.HashStringSecret`), no padding. The MAC covers
 * the decoded random bytes, not their text, so a token Hydra issued under the same secrets
 * verifies here and the other way round. Issuing signs with the first secret; validation tries
 * every entry, so rotating secrets.system keeps old tokens valid. Only the signature part is
 * needed to find a token's row, and only a hash of it is stored (RFC 6819 §4.5.2: a database
 * leak must not yield usable tokens).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { randomBytesFromPool } from './random-pool.js';

export type TokenKind = 'at' | 'rt' | 'ac' | 'dc';

/** RFC 6749 §10.10 and RFC 6819 §5.1.4.2.2: at least 128 bits of entropy; 256 as Hydra. */
const ENTROPY_BYTES = 32;

/**
 * The random part: unpadded base64url, as Go's `base64.RawURLEncoding` accepts it (node's decoder
 * skips foreign characters instead of refusing them). Any length, as fosite's Validate.
 */
const RANDOM_PART = /^[A-Za-z0-9_-]+$/;
/** The signature part: exactly 32 bytes in canonical unpadded base64url (the last character carries 2 zero bits). */
const SIGNATURE_PART = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

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
    const random = randomBytesFromPool(ENTROPY_BYTES);
    const signature = mac(this.keys[0]!, random).toString('base64url');
    return { token: `ory_${kind}_${random.toString('base64url')}.${signature}`, signature };
  }

  /**
   * Returns the signature of a well-formed token whose HMAC verifies under any configured
   * secret, or undefined for anything else (wrong prefix, tampered, foreign, malformed). As in
   * fosite, a token without its `ory_<kind>_` prefix is judged on the rest.
   */
  validate(kind: TokenKind, token: string): string | undefined {
    const prefix = `ory_${kind}_`;
    const body = token.startsWith(prefix) ? token.slice(prefix.length) : token;
    const dot = body.indexOf('.');
    if (dot <= 0 || dot !== body.lastIndexOf('.')) return undefined;
    const randomText = body.slice(0, dot);
    const signature = body.slice(dot + 1);
    if (!SIGNATURE_PART.test(signature) || !RANDOM_PART.test(randomText) || randomText.length % 4 === 1) return undefined;
    const presented = Buffer.from(signature, 'base64url');
    const random = Buffer.from(randomText, 'base64url');
    for (const key of this.keys) {
      if (timingSafeEqual(mac(key, random), presented)) return signature;
    }
    // Tessera before fosite-exact tokens MACed the base64url text of the random part instead of
    // its bytes. Tokens it issued that way stay valid until they expire (at most the longest
    // refresh token lifespan after the upgrade); this fallback can then be removed. It runs only
    // for tokens that failed the fosite form, so Hydra's and new tokens never pay for it.
    for (const key of this.keys) {
      if (timingSafeEqual(legacyTextMac(key, randomText), presented)) return signature;
    }
    return undefined;
  }
}

/** fosite `generateHMAC`: HMAC-SHA-512/256 over the raw random bytes. */
function mac(key: Buffer, random: Buffer): Buffer {
  return createHmac('sha512-256', key).update(random).digest();
}

/** The pre-fosite-exact form: HMAC-SHA-512/256 over the random part's base64url text. */
function legacyTextMac(key: Buffer, randomText: string): Buffer {
  return createHmac('sha512-256', key).update(randomText, 'utf8').digest();
}

/**
 * The key under which a token's row is stored: a hash of its signature, never the token. It is
 * Hydra's `x.SignatureHash` (hex SHA-384 of the signature text), the key of hydra_oauth2_access.
 */
export function signatureKey(signature: string): string {
  return createHash('sha384').update(signature, 'utf8').digest('hex');
}
