/**
 * Connection pools of their own on one test database, as separate processes starting at once
 * would each have (the key generation race, security-checklist.md §6). `pool()` opens one more;
 * `pools` lists them in the order opened; `closePools()` closes them all (in the suite's `after`).
 */
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';

export interface SeparatePools {
  readonly pools: Database[];
  pool(): Database;
  closePools(): Promise<void>;
}

/** `dsn` is read when a pool is opened: the database is created in a `before` hook. */
export function separatePools(dsn: () => string): SeparatePools {
  const pools: Database[] = [];
  return {
    pools,
    pool() {
      const database = openDatabase(parseDsn(dsn()));
      pools.push(database);
      return database;
    },
    async closePools() {
      await Promise.all(pools.map((database) => database.close()));
    },
  };
}
