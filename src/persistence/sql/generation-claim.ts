/**
 * GenerationClaims on hydra_jwk_generation_claim (src/jwk/generation-claim.ts has the why). A
 * claim is created by an INSERT that only one process can make; a stale one is taken over by a
 * single conditional UPDATE, atomic on every dialect: the row lock makes a second taker re-read
 * the renewed `claimed_at` and match nothing.
 */
import type { Database } from '../database.js';
import { LOCK_CONTENTION, isTransient } from '../deadlock-retry.js';
import { DEFAULT_CLAIM_STALE_MS, RENEWALS_PER_STALE_TIME, type ClaimOutcome, type GenerationClaims } from '../../jwk/generation-claim.js';

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
