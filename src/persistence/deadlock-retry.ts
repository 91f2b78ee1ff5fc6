/**
 * Which database errors are transient, and the one retry loop for them. Two sets, on purpose:
 *
 * - DEADLOCKS: a transaction chosen as a deadlock victim (InnoDB ER_LOCK_DEADLOCK, PostgreSQL
 *   40P01) or refused for serialization (40001) was rolled back whole: nothing it did remains, so
 *   running it again is safe, and is what both databases' manuals tell clients to do. Two
 *   unrelated grants rotating at once can deadlock on InnoDB's gap locks in the shared request_id
 *   indexes; that is the server's business, never the client's error.
 * - LOCK_CONTENTION: the deadlocks plus lock-wait timeouts (PostgreSQL 55P03 lock_not_available,
 *   InnoDB ER_LOCK_WAIT_TIMEOUT). InnoDB rolls back only the timed-out statement, so these are
 *   retried only where the whole transaction is redone (the key-generation lock,
 *   sql/generation-lock.ts), and otherwise read as "another request holds this row": the loser of
 *   a refresh race (fosite handler/oauth2/flow_refresh.go), a key-generation claim held
 *   by another instance.
 */
export const DEADLOCKS: ReadonlySet<string> = new Set(['40001', '40P01', 'ER_LOCK_DEADLOCK']);
export const LOCK_CONTENTION: ReadonlySet<string> = new Set([...DEADLOCKS, '55P03', 'ER_LOCK_WAIT_TIMEOUT']);

/** Whether the driver's error code (pg SQLSTATE, mysql2 code name) is in `codes`. */
export function isTransient(error: unknown, codes: ReadonlySet<string>): boolean {
  return codes.has(String((error as { code?: unknown } | undefined)?.code));
}

export interface RetryPolicy {
  codes: ReadonlySet<string>;
  attempts: number;
  /** The pause before attempt n+1 is n × stepMs plus up to jitterMs, random. */
  stepMs: number;
  jitterMs: number;
}

const DEADLOCK_POLICY: RetryPolicy = { codes: DEADLOCKS, attempts: 4, stepMs: 5, jitterMs: 20 };

/** Runs `work` again while it fails with a code of `policy.codes`, up to `policy.attempts` times in all. */
export async function retryOnDeadlock<T>(work: () => Promise<T>, policy: RetryPolicy = DEADLOCK_POLICY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.attempts || !isTransient(error, policy.codes)) throw error;
      // A growing, jittered pause so that the two victims do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, policy.stepMs * attempt + Math.random() * policy.jitterMs));
    }
  }
}
