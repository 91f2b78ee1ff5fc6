/**
 * Issues refresh tokens in Hydra's opaque format (`ory_rt_...`, crypto/hmac-token.ts; refresh
 * tokens are always opaque, hydra-contract.md §6) and finds them again. Only a hash of the signature is
 * stored (RFC 6819 §4.5.2). Lifespan: chosen by the token responder (lifespans.ts); a negative
 * lifespan (-1, or a client's -1ns) means the token never expires, as in fosite
 * (`rtLifespan > -1`).
 */
import { signatureKey, type HmacTokenStrategy } from '../../crypto/hmac-token.js';
import type { RefreshRecord, RefreshSession, SqlRefreshTokenStore } from './refresh-token-store.js';

/** RFC 6749 §1.5 / OIDC Core §11: refresh tokens only for grants that include offline access. */
export const OFFLINE_SCOPES = ['offline', 'offline_access'];

export interface RefreshGrant {
  requestId: string;
  clientId: string;
  subject: string;
  scope: string[];
  audience: string[];
  session: RefreshSession;
  /** Milliseconds; negative: never expires. */
  lifespanMs: number;
  /** The stored key of the access token issued together with this refresh token. */
  accessTokenKey: string;
}

export class RefreshTokens {
  constructor(
    readonly store: SqlRefreshTokenStore,
    private readonly hmac: HmacTokenStrategy,
    private readonly options: { now: () => number },
  ) {}

  /** Whether a grant may carry a refresh token (fosite canIssueRefreshToken). */
  static allowed(grantedScope: readonly string[], clientGrantTypes: readonly string[] | undefined): boolean {
    return grantedScope.some((scope) => OFFLINE_SCOPES.includes(scope)) && (clientGrantTypes ?? []).includes('refresh_token');
  }

  mint(grant: RefreshGrant): { token: string; record: RefreshRecord } {
    const { token, signature } = this.hmac.generate('rt');
    const now = this.options.now();
    const record: RefreshRecord = {
      key: signatureKey(signature),
      requestId: grant.requestId,
      clientId: grant.clientId,
      subject: grant.subject,
      grantedScope: grant.scope,
      grantedAudience: grant.audience,
      requestedAt: now,
      expiresAt: grant.lifespanMs < 0 ? null : now + grant.lifespanMs,
      active: true,
      revoked: false,
      firstUsedAt: null,
      usedTimes: 0,
      accessTokenKey: grant.accessTokenKey,
      session: grant.session,
    };
    return { token, record };
  }

  /** The record of a refresh token we issued, or undefined for anything else. */
  async find(token: string): Promise<RefreshRecord | undefined> {
    const signature = this.hmac.validate('rt', token);
    return signature ? this.store.get(signatureKey(signature)) : undefined;
  }

  expired(record: RefreshRecord): boolean {
    return record.expiresAt !== null && record.expiresAt <= this.options.now();
  }
}
