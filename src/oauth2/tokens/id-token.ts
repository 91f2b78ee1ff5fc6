/**
 * OpenID Connect ID tokens (OIDC Core §2, §3.1.3.6), signed with the `hydra.openid.id-token` key
 * set as Hydra does. Claims the consent app put in `session.id_token` are added, but never over
 * the claims this server vouches for: a login/consent app cannot forge iss, sub, aud or nonce.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ID_TOKEN_SET } from '../../jwk/key-sets.js';
import type { JwtSigner } from '../../jwk/jwt-signer.js';

const RESERVED = ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'auth_time', 'nonce', 'acr', 'amr', 'at_hash', 'c_hash', 'sid', 'jti', 'rat', 'azp'];

export interface IdTokenClaims {
  clientId: string;
  subject: string;
  authTime: number;
  requestedAt?: number;
  nonce?: string;
  acr?: string;
  amr?: string[];
  sid?: string;
  accessToken?: string;
  /** A code issued in the same authorization response (hybrid flow): c_hash, OIDC Core §3.3.2.11. */
  code?: string;
  extra: Record<string, unknown>;
  lifespanMs: number;
}

export class IdTokenIssuer {
  constructor(
    private readonly signer: JwtSigner,
    private readonly options: { issuer: string; now: () => number },
  ) {}

  async issue(claims: IdTokenClaims): Promise<string> {
    const now = Math.floor(this.options.now() / 1000);
    return this.signer.sign(ID_TOKEN_SET, (alg) => {
      const payload: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(claims.extra)) if (!RESERVED.includes(name)) payload[name] = value;
      // §2: auth_time is REQUIRED when max_age was requested; Hydra always sends it.
      payload.auth_time = claims.authTime;
      if (claims.requestedAt !== undefined) payload.rat = claims.requestedAt;
      // §3.1.3.6: the nonce of the authentication request, unchanged.
      if (claims.nonce !== undefined) payload.nonce = claims.nonce;
      if (claims.acr) payload.acr = claims.acr;
      if (claims.amr && claims.amr.length > 0) payload.amr = claims.amr;
      if (claims.sid) payload.sid = claims.sid;
      if (claims.accessToken) payload.at_hash = halfHash(claims.accessToken, alg);
      if (claims.code) payload.c_hash = halfHash(claims.code, alg);
      payload.iss = this.options.issuer;
      payload.sub = claims.subject;
      payload.aud = [claims.clientId];
      payload.iat = now;
      payload.exp = now + Math.floor(claims.lifespanMs / 1000);
      payload.jti = randomUUID();
      return payload;
    }, 'JWT');
  }
}

/**
 * OIDC Core §3.1.3.6 at_hash (and §3.3.2.11 c_hash): the left half of the hash of the ASCII value,
 * the hash being the one of the signing algorithm (fosite #630 hard-coded SHA-256 once).
 */
export function halfHash(value: string, alg: string): string {
  const bits = /(384)$/.test(alg) ? 'sha384' : /(512)$/.test(alg) || alg === 'EdDSA' ? 'sha512' : 'sha256';
  const digest = createHash(bits).update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
