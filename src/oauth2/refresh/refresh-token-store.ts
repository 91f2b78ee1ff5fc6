/**
 * Refresh tokens, keyed by a hash of the token's HMAC signature (RFC 6819 §4.5.2); the session
 * (the claims the grant carries) is sealed at rest, bound to its key. The SQL implementation is
 * persistence/sql/refresh-token.ts.
 */
import type { GrantFields } from '../tokens/access-token-store.js';
import type { IdTokenSession } from '../tokens/token-session.js';

export interface RefreshSession {
  ext: Record<string, unknown>;
  idToken?: IdTokenSession;
}

export interface RefreshRecord extends GrantFields {
  key: string;
  /** null: never expires (lifespan -1). */
  expiresAt: number | null;
  active: boolean;
  /** Revoked (active = -1): dead for good, even within a grace period. Rotated tokens are active = 0. */
  revoked: boolean;
  /** Set by a rotation: starts the grace period. */
  firstUsedAt: number | null;
  usedTimes: number;
  accessTokenKey: string | null;
  session: RefreshSession;
}

export interface GracePolicy {
  periodMs: number;
  /** 0: no limit on uses within the period. */
  reuseCount: number;
}

/** What a rotation writes on the token it claims (refresh-rotation.ts). */
export interface RefreshClaim {
  now: number;
  grace: GracePolicy;
  /** The claimed token's new expiry: kept so that a later reuse is still recognised. */
  keepUntil: number;
}

/**
 * The contract:
 * - `claim` is a compare-and-set: it takes an active token, or (with a grace period) a rotated
 *   one still inside its period and under its reuse count, marks it rotated (first_used_at set
 *   once, never moved; used_times + 1; expiry `keepUntil`), and answers true. A revoked token,
 *   or one a concurrent request claimed past what the policy allows, is not claimed: false,
 *   nothing changed. Of two concurrent claims the second sees the first's write.
 * - `revokeChain` revokes every refresh token of the grant for good (active = -1, so no grace
 *   period brings one back) and every access token of it, all or nothing (RFC 6819 §5.2.2.3,
 *   RFC 7009 §2.1).
 * - `revokeActiveOfGrant` revokes for good the grant's refresh tokens that are still active,
 *   leaving rotated ones as they are (strict rotation, after the claim).
 * - Nothing here makes a token active again.
 */
export interface RefreshTokenStore {
  create(record: RefreshRecord): Promise<void>;
  get(key: string): Promise<RefreshRecord | undefined>;
  claim(key: string, claim: RefreshClaim): Promise<boolean>;
  revokeChain(requestId: string): Promise<void>;
  revokeActiveOfGrant(requestId: string): Promise<void>;
}
