/**
 * A transaction chosen as a deadlock victim (InnoDB ER_LOCK_DEADLOCK, PostgreSQL 40P01) or
 * refused for serialization (40001) was rolled back whole: nothing it did remains, so running it
 * again is safe, and is what both databases' manuals tell clients to do. Two unrelated grants
 * rotating at once can deadlock on InnoDB's gap locks in the shared request_id indexes; that is
 * the server's business, never the client's error.
 */
const TRANSIENT = new Set(['40001', '40P01', 'ER_LOCK_DEADLOCK']);

export function isTransientConflict(error: unknown): boolean {
  return TRANSIENT.has(String((error as { code?: unknown } | undefined)?.code));
}

export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isTransientConflict(error)) throw error;
      // A short, jittered pause so that the two victims do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}
