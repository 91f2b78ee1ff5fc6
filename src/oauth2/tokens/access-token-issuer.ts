/**
 * Issues access tokens, opaque (Hydra's `ory_at_` HMAC format) or JWT (signed with the
 * `hydra.jwt.access-token` key set; Hydra's claims or RFC 9068's, jwt-access-token-profile.ts),
 * per `strategies.access_token` or the client's own `access_token_strategy`. Both kinds are recorded by the hash of their signature, so that
 * introspection and revocation work for either.
 */
import { randomUUID } from 'node:crypto';
import type { Aead } from '../../crypto/aead.js';
import { signatureKey, type HmacTokenStrategy } from '../../crypto/hmac-token.js';
import { ACCESS_TOKEN_SET } from '../../jwk/key-sets.js';
import type { JwtSigner } from '../../jwk/jwt-signer.js';
import type { AccessTokenRecord } from './access-token-store.js';
import { customClaims, type ClaimShaping } from './access-token-claims.js';
import { profileClaims, type AccessTokenProfile, type ScopeClaim } from './jwt-access-token-profile.js';
import { sealSession, type IdTokenSession } from './token-session.js';

export interface AccessTokenGrant {
  clientId: string;
  subject: string;
  scope: string[];
  audience: string[];
  requestId: string;
  lifespanMs: number;
  strategy: 'opaque' | 'jwt';
  /** Claims the token carries (`session.access_token` of the consent, or a token hook). */
  ext: Record<string, unknown>;
  idToken?: IdTokenSession;
}

export interface MintedAccessToken {
  token: string;
  expiresAt: number;
  /** The stored key (hash of the signature), which a refresh token issued alongside names. */
  key: string;
  record: AccessTokenRecord;
}

export interface IssuerOptions {
  issuer: string;
  scopeClaim: ScopeClaim;
  /** strategies.jwt.access_token_profile. */
  accessTokenProfile: AccessTokenProfile;
  /** oauth2.allowed_top_level_claims, mirror_top_level_claims, preserve_ext_claims. */
  claimShaping: ClaimShaping;
  /** oauth2.exclude_not_before_claim: no `nbf` in JWT access tokens. */
  excludeNotBefore: boolean;
  encryptAtRest: boolean;
  now: () => number;
}

export interface AccessTokenIssuerDependencies {
  hmac: HmacTokenStrategy;
  signer: JwtSigner;
  aead: Aead;
  options: IssuerOptions;
}

export class AccessTokenIssuer {
  private readonly hmac: HmacTokenStrategy;
  private readonly signer: JwtSigner;
  private readonly aead: Aead;
  private readonly options: IssuerOptions;

  constructor(deps: AccessTokenIssuerDependencies) {
    ({ hmac: this.hmac, signer: this.signer, aead: this.aead, options: this.options } = deps);
  }

  /**
   * A new token and the record of it, not yet stored: the caller stores it, through the batched
   * writer or in the transaction that consumes what the token was issued for (code-redemption.ts).
   */
  async mint(grant: AccessTokenGrant): Promise<MintedAccessToken> {
    const now = this.options.now();
    const expiresAt = now + grant.lifespanMs;
    const { token, signature, audience } = grant.strategy === 'jwt' ? await this.signJwt(grant, now, expiresAt) : { ...this.hmac.generate('at'), audience: grant.audience };
    const record: AccessTokenRecord = {
      signature: signatureKey(signature),
      requestId: grant.requestId,
      clientId: grant.clientId,
      subject: grant.subject,
      grantedScope: grant.scope,
      // The token's own `aud` (RFC 9068 §3 may add a default), so that introspection says what it says.
      grantedAudience: audience,
      requestedAt: now,
      expiresAt,
      active: true,
      sessionData: sealSession(this.aead, this.options.encryptAtRest, { ext: grant.ext, strategy: grant.strategy, ...(grant.idToken ? { idToken: grant.idToken } : {}) }),
    };
    return { token, expiresAt, key: record.signature, record };
  }

  /** iss, sub, aud, exp, iat, nbf, jti, client_id (RFC 9068 §2.2); typ, aud and scope per profile. */
  private async signJwt(grant: AccessTokenGrant, now: number, expiresAt: number) {
    const { accessTokenProfile: profile, scopeClaim, issuer } = this.options;
    const shape = profileClaims({ profile, scopeClaim, issuer }, grant.scope, grant.audience);
    // Custom claims first (access-token-claims.ts), so that the token's own claims below win.
    const claims: Record<string, unknown> = { ...customClaims(this.options.claimShaping, grant.ext), client_id: grant.clientId };
    Object.assign(claims, shape.scopeClaims);
    const seconds = Math.floor(now / 1000);
    Object.assign(claims, {
      iss: issuer,
      sub: grant.subject,
      aud: shape.audience,
      iat: seconds,
      ...(this.options.excludeNotBefore ? {} : { nbf: seconds }),
      exp: Math.floor(expiresAt / 1000),
      jti: randomUUID(),
    });
    const jwt = await this.signer.sign(ACCESS_TOKEN_SET, claims, shape.typ);
    return { token: jwt, signature: jwt.slice(jwt.lastIndexOf('.') + 1), audience: shape.audience };
  }
}
