/**
 * Coalesces concurrent inserts into one multi-row INSERT per event-loop turn. Under load the
 * token endpoint is bounded by one database write per token (docs/design.md, Performance); a batch
 * pays one round trip and one commit for many tokens, at the durability the database promises
 * (no weaker commit mode). Each caller's promise settles only after its batch has committed.
 * A batch refused for one row's sake (`isolateOn`: a row whose client was deleted meanwhile) is
 * written again row by row, so that only that row's caller fails, never its neighbours'.
 */
export class BatchedWriter<Row> {
  private pending: { row: Row; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly writeBatch: (rows: Row[]) => Promise<void>,
    private readonly maxBatch = 256,
    private readonly isolateOn: (error: unknown) => boolean = () => false,
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
        if (batch.length > 1 && this.isolateOn(error)) await this.writeEach(batch);
        else for (const entry of batch) entry.reject(error);
      }
    }
  }

  private async writeEach(batch: typeof this.pending): Promise<void> {
    await Promise.all(
      batch.map((entry) => this.writeBatch([entry.row]).then(entry.resolve, entry.reject)),
    );
  }
}
