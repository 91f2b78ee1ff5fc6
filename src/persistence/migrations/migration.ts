import type { Dialect } from '../dsn.js';

/**
 * One schema version. Each dialect has its own statements, written so that re-running a
 * migration that a crash interrupted (MySQL cannot roll DDL back) converges: tables and
 * indexes are created with IF NOT EXISTS, and MySQL indexes are declared inside CREATE TABLE.
 */
export interface Migration {
  /** Sortable: a UTC timestamp followed by a name, as Hydra's popx versions. */
  version: string;
  up: Record<Dialect, string[]>;
  down: Record<Dialect, string[]>;
}
