/**
 * UnitOfWork in memory (the contract is on src/persistence/unit-of-work.ts): transactions run one
 * at a time, as SQLite's single writer runs them, and a transaction whose work throws leaves the
 * tables as they were before it began.
 */
import type { TransactionStores, UnitOfWork } from '../../../src/persistence/unit-of-work.js';
import { MemoryAccessTokenStore } from './memory-access-token-store.js';
import { MemoryCodeStore } from './memory-code-store.js';
import { MemoryFlowStore } from './memory-flow-store.js';
import { MemoryRefreshTokenStore } from './memory-refresh-token-store.js';
import { memoryTables, restore, snapshot, type MemoryTables } from './memory-tables.js';

export class MemoryUnitOfWork implements UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly tables: MemoryTables = memoryTables()) {}

  /** The stores outside any transaction, on the same tables. */
  stores(): TransactionStores {
    return {
      flows: new MemoryFlowStore(this.tables),
      codes: new MemoryCodeStore(this.tables),
      accessTokens: new MemoryAccessTokenStore(this.tables),
      refreshTokens: new MemoryRefreshTokenStore(this.tables),
    };
  }

  transaction<T>(work: (tx: TransactionStores) => Promise<T>): Promise<T> {
    const run = async () => {
      const before = snapshot(this.tables);
      try {
        return await work(this.stores());
      } catch (error) {
        restore(this.tables, before);
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
