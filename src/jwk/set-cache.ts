/**
 * What the token endpoints read on every request (a set's keys, its imported signing key) is
 * kept in memory per set. A change made by this process drops the entry at once; a change made
 * by another process sharing the database is seen when the entry expires, after `ttlMs`.
 * Entries hold the load's promise, so concurrent readers share one database read, and a load
 * that a change overtook is never stored over the change.
 */
export class SetCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    const entry = { value: load(), expiresAt: this.now() + this.ttlMs };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      // A failed load is not remembered: the next reader tries again.
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
