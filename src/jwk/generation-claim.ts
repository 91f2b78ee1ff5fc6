/**
 * Who generates a set's first signing key when several processes start together on one
 * database. Without this, every starter generated its own RSA 4096 key pair and the generation
 * lock (persistence/sql/generation-lock.ts) kept one of them: four instances paid for eight generations at once
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

/** claimed: no claim existed; taken-over: a stale one did; held: another process's claim is live. */
export type ClaimOutcome = 'claimed' | 'taken-over' | 'held';

/** The SQL implementation is persistence/sql/generation-claim.ts. */
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
