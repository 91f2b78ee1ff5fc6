/**
 * Coalesces concurrent inserts into one multi-row INSERT per event-loop turn. Under load the
 * token endpoint is bounded by one database write per token (DESIGN.md, Performance); a batch
 * pays one round trip and one commit for many tokens, at the durability the database promises
 * (no weaker commit mode). Each caller's promise settles only after its batch has committed.
 */
export class BatchedWriter<Row> {
  private pending: { row: Row; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly writeBatch: (rows: Row[]) => Promise<void>,
    private readonly maxBatch = 256,
  ) {}

  write(row: Row): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        await this.writeBatch(batch.map((entry) => entry.row));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
  }
}
