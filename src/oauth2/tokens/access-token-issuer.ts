/**
 * Issues access tokens, opaque (Hydra's `ory_at_` HMAC format) or JWT (signed with the
 * `hydra.jwt.access-token` key set; Hydra's claims or RFC 9068's, jwt-access-token-profile.ts),
 * per `strategies.access_token` or the client's own `access_token_strategy`. Both kinds are recorded by the hash of their signature, so that
 * introspection and revocation work for either.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey, type KeyObject } from 'jose';
import type { Aead } from '../../crypto/aead.js';
import { signatureKey, type HmacTokenStrategy } from '../../crypto/hmac-token.js';
import type { AccessTokenRecord, AccessTokenStore } from './access-token-store.js';
import { profileClaims, type AccessTokenProfile, type ScopeClaim } from './jwt-access-token-profile.js';
import { sealSession, type IdTokenSession } from './token-session.js';

export const JWT_ACCESS_TOKEN_SET = 'hydra.jwt.access-token';

export interface SigningKey {
  kid: string;
  alg: string;
  key: CryptoKey | KeyObject | Uint8Array;
}

export interface SigningKeySource {
  signingKey(set: string): Promise<SigningKey>;
}

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

export interface IssuedAccessToken {
  token: string;
  expiresAt: number;
  /** The stored key (hash of the signature), which a refresh token issued alongside names. */
  key: string;
}

export interface IssuerOptions {
  issuer: string;
  scopeClaim: ScopeClaim;
  /** strategies.jwt.access_token_profile. */
  accessTokenProfile: AccessTokenProfile;
  encryptAtRest: boolean;
  now: () => number;
}

export class AccessTokenIssuer {
  constructor(
    private readonly store: AccessTokenStore,
    private readonly hmac: HmacTokenStrategy,
    private readonly keys: SigningKeySource,
    private readonly aead: Aead,
    private readonly options: IssuerOptions,
  ) {}

  async issue(grant: AccessTokenGrant): Promise<IssuedAccessToken> {
    const { record, ...issued } = await this.mint(grant);
    await this.store.create(record);
    return issued;
  }

  /** A new token and the row that records it, not yet stored: the refresh grant stores it in its own transaction. */
  async mint(grant: AccessTokenGrant): Promise<IssuedAccessToken & { record: AccessTokenRecord }> {
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
    const signing = await this.keys.signingKey(JWT_ACCESS_TOKEN_SET);
    const { accessTokenProfile: profile, scopeClaim, issuer } = this.options;
    const shape = profileClaims({ profile, scopeClaim, issuer }, grant.scope, grant.audience);
    // Custom claims stay under `ext`, as Hydra does unless oauth2.allowed_top_level_claims says otherwise.
    const claims: Record<string, unknown> = { client_id: grant.clientId };
    if (Object.keys(grant.ext).length > 0) claims.ext = grant.ext;
    Object.assign(claims, shape.scopeClaims);
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ: shape.typ })
      .setIssuer(this.options.issuer)
      .setSubject(grant.subject)
      .setAudience(shape.audience)
      .setIssuedAt(Math.floor(now / 1000))
      .setNotBefore(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .setJti(randomUUID())
      .sign(signing.key);
    return { token: jwt, signature: jwt.slice(jwt.lastIndexOf('.') + 1), audience: shape.audience };
  }
}
