/**
 * Coalesces concurrent reads by key into one `WHERE key IN (...)`, the read-side twin of
 * BatchedWriter, with the same bound of `maxInFlight` statements at once: keys that arrive while
 * the slots are taken wait and leave together. A caller gets the row as it was when its batch was
 * read, and its batch is always sent after its request arrived (a key already in flight is asked
 * again, never answered from the older read), so freshness is the same as a read of its own.
 */
type Waiter<V> = { resolve: (value: V | undefined) => void; reject: (error: unknown) => void };

export class BatchedReader<K, V> {
  private pending = new Map<K, Waiter<V>[]>();
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly readMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxBatch = 256,
    private readonly maxInFlight = 2,
  ) {}

  read(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.pending.size === 0) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.size > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.take();
      this.inFlight += 1;
      void this.readOne(batch).finally(() => {
        this.inFlight -= 1;
        this.schedule();
      });
    }
  }

  /** Up to maxBatch keys with their waiters, in arrival order. */
  private take(): Map<K, Waiter<V>[]> {
    if (this.pending.size <= this.maxBatch) {
      const all = this.pending;
      this.pending = new Map();
      return all;
    }
    const batch = new Map<K, Waiter<V>[]>();
    for (const [key, waiters] of this.pending) {
      if (batch.size >= this.maxBatch) break;
      batch.set(key, waiters);
      this.pending.delete(key);
    }
    return batch;
  }

  private async readOne(batch: Map<K, Waiter<V>[]>): Promise<void> {
    try {
      const found = await this.readMany([...batch.keys()]);
      for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(key));
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
