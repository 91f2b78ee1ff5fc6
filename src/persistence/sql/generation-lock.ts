/**
 * A database-wide lock for key generation on PostgreSQL and MySQL: a transaction that updates
 * the one row of `hydra_jwk_lock` (created by migration 20261123000002) holds that row's lock
 * until it commits, so the check "does the set have a signing key?" and the insert that follows
 * run in one process at a time, whichever process or pool they come from. Hydra deduplicates
 * only within a process (Hydra's `jwk/helper.go` singleflight "per set and replica"), which let
 * concurrent first starts create several keys per set (security-checklist.md §6).
 *
 * Under READ COMMITTED (PostgreSQL) each statement reads what committed before it started, and
 * under InnoDB's REPEATABLE READ the snapshot is only taken at the first plain read, which comes
 * after the lock: either way the second holder sees the first holder's key. Deadlocks and lock
 * wait timeouts with unrelated transactions are retried (LOCK_CONTENTION, deadlock-retry.ts): the
 * whole transaction is redone, lock included.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database.js';
import { LOCK_CONTENTION, retryOnDeadlock, type RetryPolicy } from '../deadlock-retry.js';
import type { Tables } from '../tables.js';

export const GENERATION_LOCK = 'hydra_jwk';

/** Key generation is rare and may wait behind another instance's: more attempts, longer pauses. */
const LOCK_POLICY: RetryPolicy = { codes: LOCK_CONTENTION, attempts: 5, stepMs: 20, jitterMs: 50 };

export function withGenerationLock<T>(database: Database, work: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
  return retryOnDeadlock(
    () =>
      database.db.transaction().execute(async (trx) => {
        await acquire(trx, database.dialect);
        return work(trx);
      }),
    LOCK_POLICY,
  );
}

async function acquire(trx: Kysely<Tables>, dialect: Database['dialect']): Promise<void> {
  const lock = () =>
    trx
      .updateTable('hydra_jwk_lock')
      .set((eb) => ({ acquisitions: eb('acquisitions', '+', 1) }))
      .where('name', '=', GENERATION_LOCK)
      .executeTakeFirst();
  if ((await lock()).numUpdatedRows > 0n) return;
  // The migration creates the row; should it have been removed, put it back (without racing a
  // concurrent starter doing the same) and lock it.
  const insert = trx.insertInto('hydra_jwk_lock').values({ name: GENERATION_LOCK, acquisitions: 0 });
  await (dialect === 'mysql' ? insert.ignore() : insert.onConflict((oc) => oc.column('name').doNothing())).execute();
  await lock();
}
