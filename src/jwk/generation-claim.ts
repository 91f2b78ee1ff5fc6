/**
 * Who generates a set's first signing key when several processes start together on one
 * database. Without this, every starter generated its own RSA 4096 key pair and the generation
 * lock (generation-lock.ts) kept one of them: four instances paid for eight generations at once
 * on a 2-core machine. With it, the one process whose INSERT creates the set's claim row
 * generates; the others wait for its key, polling, and hold no row lock meanwhile (statements on
 * the request path time out after 8 s, a wait on a lock held for a whole generation would not).
 *
 * A claim is renewed every `renewEveryMs` while its generator works; one not renewed for
 * `staleAfterMs` (its process was killed or lost the database) is taken over by a single
 * conditional UPDATE, atomic on every dialect: the row lock makes a second taker re-read the
 * renewed `claimed_at` and match nothing. The stale time is six renewal periods: a claim left by a
 * killed first start delays the other instances by 15 s (not a minute), while a live generator
 * slowed down by a loaded machine (RSA 4096 takes seconds there) misses five renewals in a row
 * before anyone may take over. Times come from each process's clock: skew between instances only
 * shortens or lengthens the wait before a takeover, and addSigningKeyIfAbsent still keeps one key
 * per set if two generate.
 */
import type { Database } from '../persistence/database.js';
import { LOCK_CONTENTION, isTransient } from '../persistence/deadlock-retry.js';

/** claimed: no claim existed; taken-over: a stale one did; held: another process's claim is live. */
export type ClaimOutcome = 'claimed' | 'taken-over' | 'held';

export interface GenerationClaims {
  /** How long a claim may go unrenewed before another process may take it over. */
  readonly staleAfterMs: number;
  /** How often the holder renews its claim: a fraction of `staleAfterMs`. */
  readonly renewEveryMs: number;
  claim(set: string, claimant: string): Promise<ClaimOutcome>;
  /** Refreshes the claim; answers false when it is no longer `claimant`'s (taken over). */
  renew(set: string, claimant: string): Promise<boolean>;
  /** Removes the claim if it is still `claimant`'s. */
  release(set: string, claimant: string): Promise<void>;
}

export const DEFAULT_CLAIM_STALE_MS = 15_000;
/** Renewals a live holder may miss in a row (slow database, busy machine) before it counts as gone. */
export const RENEWALS_PER_STALE_TIME = 6;

export interface SqlGenerationClaimsOptions {
  staleAfterMs?: number;
  now?: () => number;
}

export class SqlGenerationClaims implements GenerationClaims {
  readonly staleAfterMs: number;
  readonly renewEveryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly database: Database,
    options: SqlGenerationClaimsOptions = {},
  ) {
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_CLAIM_STALE_MS;
    this.renewEveryMs = Math.max(Math.floor(this.staleAfterMs / RENEWALS_PER_STALE_TIME), 20);
    this.now = options.now ?? Date.now;
  }

  async claim(set: string, claimant: string): Promise<ClaimOutcome> {
    const db = this.database.db;
    const now = this.now();
    try {
      const insert = db.insertInto('hydra_jwk_generation_claim').values({ sid: set, claimant, claimed_at: now });
      const inserted = await (this.database.dialect === 'mysql' ? insert.ignore() : insert.onConflict((oc) => oc.column('sid').doNothing())).executeTakeFirst();
      if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) return 'claimed';
      const taken = await db
        .updateTable('hydra_jwk_generation_claim')
        .set({ claimant, claimed_at: now })
        .where('sid', '=', set)
        .where('claimed_at', '<', now - this.staleAfterMs)
        .executeTakeFirst();
      return taken.numUpdatedRows > 0n ? 'taken-over' : 'held';
    } catch (error) {
      // A deadlock or lock wait with another claimant: someone else is at it, look again later.
      if (isTransient(error, LOCK_CONTENTION)) return 'held';
      throw error;
    }
  }

  async renew(set: string, claimant: string): Promise<boolean> {
    const renewed = await this.database.db
      .updateTable('hydra_jwk_generation_claim')
      .set({ claimed_at: this.now() })
      .where('sid', '=', set)
      .where('claimant', '=', claimant)
      .executeTakeFirst();
    return renewed.numUpdatedRows > 0n;
  }

  async release(set: string, claimant: string): Promise<void> {
    await this.database.db.deleteFrom('hydra_jwk_generation_claim').where('sid', '=', set).where('claimant', '=', claimant).execute();
  }
}
