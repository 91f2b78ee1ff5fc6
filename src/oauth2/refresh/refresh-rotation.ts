/**
 * Rotation of a refresh token (RFC 6749 §6, RFC 9700 §4.14.2, RFC 6819 §5.2.2.3): the used token
 * becomes inactive and the new access and refresh tokens are written, in one transaction.
 *
 * The old token is claimed by a compare-and-set (RefreshTokenStore.claim: active, or still
 * inside the grace period). Of two concurrent refreshes with the same token, the second blocks on
 * the row lock (PostgreSQL, InnoDB) or on the single writer (SQLite), then finds the condition
 * false and claims nothing: one winner, and the loser is refused, never half-written. Hydra's
 * `gracefulRefreshRotation` semantics: first_used_at is set once (a reuse never extends the
 * period), used_times counts the uses, and a graceful rotation revokes only the access token
 * issued with the used refresh token, so both parallel winners keep working tokens.
 */
import { LOCK_CONTENTION, isTransient } from '../../persistence/deadlock-retry.js';
import type { UnitOfWork } from '../../persistence/unit-of-work.js';
import type { AccessTokenRecord } from '../tokens/access-token-store.js';
import type { GracePolicy, RefreshRecord } from './refresh-token-store.js';

export type { GracePolicy };

/** Hydra keeps a rotated row 30 minutes (newUsedExpiry) so that its reuse is still recognised. */
export const USED_RETENTION_MS = 30 * 60_000;

/** Whether an inactive, already rotated token may still be used (Hydra GetRefreshTokenSession). */
export function withinGrace(record: RefreshRecord, grace: GracePolicy, now: number): boolean {
  return (
    grace.periodMs > 0 &&
    !record.revoked &&
    record.firstUsedAt !== null &&
    record.firstUsedAt + grace.periodMs > now &&
    (grace.reuseCount === 0 || record.usedTimes < grace.reuseCount)
  );
}

/**
 * A lost race on the same chain: a deadlock, serialization failure or lock wait that outlived the
 * unit of work's retries. It is the client's problem to resolve, not a server error, as in
 * fosite's handler/oauth2/flow_refresh.go (handleRefreshTokenEndpointStorageError).
 */
export function isConcurrentUse(error: unknown): boolean {
  return isTransient(error, LOCK_CONTENTION);
}

/**
 * Claims `old` and stores its successors; false when a concurrent request claimed it first, or
 * the grant was revoked meanwhile (a revoked token is never claimed). A deadlock victim was rolled
 * back whole and runs again (UnitOfWork.transaction); a real concurrent use of this token then
 * finds it claimed. Lock contention that outlives the retries rejects (isConcurrentUse).
 */
export function rotate(
  unitOfWork: UnitOfWork,
  old: RefreshRecord,
  next: { access: AccessTokenRecord; refresh: RefreshRecord },
  grace: GracePolicy,
  now: number,
): Promise<boolean> {
  return unitOfWork.transaction(async (tx) => {
    const claimed = await tx.refreshTokens.claim(old.key, { now, grace, keepUntil: now + USED_RETENTION_MS + grace.periodMs });
    if (!claimed) return false;
    if (grace.periodMs > 0 && old.accessTokenKey) {
      await tx.accessTokens.revoke(old.accessTokenKey);
    } else {
      // Strict rotation: one chain per grant, so every earlier token of it dies (Hydra strictRefreshRotation).
      await tx.accessTokens.revokeByRequestId(old.requestId);
      await tx.refreshTokens.revokeActiveOfGrant(old.requestId);
    }
    await tx.accessTokens.create(next.access);
    await tx.refreshTokens.create(next.refresh);
    return true;
  });
}
