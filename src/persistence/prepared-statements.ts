/**
 * Named prepared statements for the few statements on the hot path (token insert and lookup,
 * client lookup), beside Kysely which keeps every other statement. A named statement is parsed
 * and planned once per connection; afterwards only Bind and Execute cross the wire, and nothing
 * is compiled in this process. Issue 14 measured PostgreSQL's CPU per token row at 29.5 µs for
 * Kysely's multi-row insert and 18.2 µs prepared, and a client lookup at 85 µs per statement.
 *
 * PostgreSQL only (pg's `{ name, text, values }` query config, on the same pool Kysely uses, so
 * the pool's size, timeouts and error handling hold as for any other statement; pg-pool releases
 * a client that saw an error with that error, which discards it). A store given no runner (SQLite,
 * MySQL, a transaction) keeps its Kysely statements.
 */
import type pg from 'pg';
import { UnstorableTextError, isUnstorableText } from './unstorable-text.js';

export interface NamedStatement {
  /** Unique per statement text in the process: pg prepares a name once per connection. */
  readonly name: string;
  readonly text: string;
}

export interface PreparedStatements {
  rows<R>(statement: NamedStatement, values: readonly unknown[]): Promise<R[]>;
}

export function postgresPreparedStatements(pool: pg.Pool): PreparedStatements {
  return {
    async rows<R>(statement: NamedStatement, values: readonly unknown[]): Promise<R[]> {
      // What guardUnstorableText does for Kysely's statements (unstorable-text.ts): such text never
      // reaches the driver. Callers filter lookup keys themselves (a lookup by it matches nothing).
      for (const value of values) if (Array.isArray(value) ? value.some(isUnstorableText) : isUnstorableText(value)) throw new UnstorableTextError();
      const result = await pool.query({ name: statement.name, text: statement.text, values: values as unknown[] });
      return result.rows as R[];
    },
  };
}
