/**
 * Coalesces concurrent reads by key into one `WHERE key IN (...)` per event-loop turn, the
 * read-side twin of BatchedWriter. A caller gets the row as it was when its batch was read,
 * which is never older than its own request: freshness is the same as a read of its own.
 */
export class BatchedReader<K, V> {
  private pending = new Map<K, { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[]>();
  private scheduled = false;

  constructor(
    private readonly readMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxBatch = 256,
  ) {}

  read(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += this.maxBatch) {
      const slice = keys.slice(i, i + this.maxBatch);
      try {
        const found = await this.readMany(slice);
        for (const key of slice) for (const waiter of batch.get(key)!) waiter.resolve(found.get(key));
      } catch (error) {
        for (const key of slice) for (const waiter of batch.get(key)!) waiter.reject(error);
      }
    }
  }
}
