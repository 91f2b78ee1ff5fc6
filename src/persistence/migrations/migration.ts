import type { Dialect } from '../dsn.js';

/**
 * One schema version. Each dialect has its own statements, written so that re-running a
 * migration that a crash interrupted (MySQL cannot roll DDL back) converges: tables and
 * indexes are created with IF NOT EXISTS, and MySQL indexes are declared inside CREATE TABLE.
 */
export interface Migration {
  /** Sortable: a UTC timestamp followed by a name, as Hydra's popx versions. */
  version: string;
  up: Record<Dialect, Statement[]>;
  down: Record<Dialect, Statement[]>;
}

/**
 * A statement, or one that runs only while `unless` (a query) returns no row: for DDL that SQL
 * cannot make conditional itself, such as SQLite's ADD COLUMN, which has no IF NOT EXISTS.
 */
export type Statement = string | { sql: string; unless: string };
