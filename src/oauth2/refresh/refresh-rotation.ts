/**
 * Rotation of a refresh token (RFC 6749 §6, RFC 9700 §4.14.2, RFC 6819 §5.2.2.3): the used token
 * becomes inactive and the new access and refresh tokens are written, in one transaction.
 *
 * The old row is claimed by one conditional UPDATE (WHERE active = 1, or still inside the grace
 * period). Of two concurrent refreshes with the same token, the second blocks on the row lock
 * (PostgreSQL, InnoDB) or on the single writer (SQLite), then finds the condition false and
 * claims nothing: one winner, and the loser is refused, never half-written. Hydra's
 * `gracefulRefreshRotation` semantics: first_used_at is set once (a reuse never extends the
 * period), used_times counts the uses, and a graceful rotation revokes only the access token
 * issued with the used refresh token, so both parallel winners keep working tokens.
 */
import { sql } from 'kysely';
import type { AccessTokenRecord } from '../tokens/access-token-store.js';
import { toRow as accessRow } from '../tokens/access-token-store.js';
import type { RefreshRecord, SqlRefreshTokenStore } from './refresh-token-store.js';

/** Hydra keeps a rotated row 30 minutes (newUsedExpiry) so that its reuse is still recognised. */
export const USED_RETENTION_MS = 30 * 60_000;

export interface GracePolicy {
  periodMs: number;
  /** 0: no limit on uses within the period. */
  reuseCount: number;
}

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
 * Claims `old` and stores its successors; false when a concurrent request claimed it first, or
 * the grant was revoked meanwhile (active = -1 never matches).
 */
export async function rotate(
  store: SqlRefreshTokenStore,
  old: RefreshRecord,
  next: { access: AccessTokenRecord; refresh: RefreshRecord },
  grace: GracePolicy,
  now: number,
): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    let claim = trx
      .updateTable('hydra_oauth2_refresh')
      .set({
        active: 0,
        first_used_at: sql<number>`COALESCE(first_used_at, ${now})`,
        used_times: sql<number>`used_times + 1`,
        expires_at: now + USED_RETENTION_MS + grace.periodMs,
      })
      .where('signature', '=', old.key);
    if (grace.periodMs > 0) {
      claim = claim.where((eb) =>
        eb.or([
          eb('active', '=', 1),
          eb.and([
            eb('active', '=', 0),
            eb('first_used_at', 'is not', null),
            eb('first_used_at', '>', now - grace.periodMs),
            ...(grace.reuseCount > 0 ? [eb('used_times', '<', grace.reuseCount)] : []),
          ]),
        ]),
      );
    } else {
      claim = claim.where('active', '=', 1);
    }
    const claimed = await claim.executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    if (grace.periodMs > 0 && old.accessTokenKey) {
      await trx.updateTable('hydra_oauth2_access').set({ active: 0 }).where('signature', '=', old.accessTokenKey).execute();
    } else {
      // Strict rotation: one chain per grant, so every earlier token of it dies (Hydra strictRefreshRotation).
      await trx.updateTable('hydra_oauth2_access').set({ active: 0 }).where('request_id', '=', old.requestId).execute();
      await trx
        .updateTable('hydra_oauth2_refresh')
        .set({ active: -1 })
        .where('request_id', '=', old.requestId)
        .where('active', '=', 1)
        .execute();
    }
    await trx.insertInto('hydra_oauth2_access').values(accessRow(next.access)).execute();
    await trx.insertInto('hydra_oauth2_refresh').values(store.toRow(next.refresh)).execute();
    return true;
  });
}
