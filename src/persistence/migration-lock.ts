/**
 * One migrator at a time per database. Several processes may migrate at once (an init container
 * per pod, as Hydra's Helm chart runs `migrate sql up`); without a lock they race on CREATE TABLE
 * and on the schema_migration rows and all but one fail. The work runs on one connection that
 * holds the lock: a PostgreSQL advisory lock, a MySQL named lock, or SQLite's write lock
 * (BEGIN IMMEDIATE, which waits on busy_timeout where a deferred transaction would fail at once).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from './dsn.js';
import type { Tables } from './tables.js';

/** Any 64-bit constant shared by every Tessera process: "tessera" in ASCII. */
const POSTGRES_LOCK_KEY = 0x74657373657261n;
const MYSQL_LOCK_NAME = 'tessera_schema_migration';
const MYSQL_LOCK_WAIT_SECONDS = 300;

export async function withMigrationLock<T>(
  db: Kysely<Tables>,
  dialect: Dialect,
  work: (connection: Kysely<Tables>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    switch (dialect) {
      case 'postgres':
        await sql`select pg_advisory_lock(${POSTGRES_LOCK_KEY.toString()}::bigint)`.execute(connection);
        try {
          return await work(connection);
        } finally {
          await sql`select pg_advisory_unlock(${POSTGRES_LOCK_KEY.toString()}::bigint)`.execute(connection);
        }
      case 'mysql': {
        const { rows } = await sql<{ got: number | null }>`select get_lock(${MYSQL_LOCK_NAME}, ${MYSQL_LOCK_WAIT_SECONDS}) as got`.execute(connection);
        if (Number(rows[0]?.got) !== 1) {
          throw new Error(`Another process has been migrating this database for ${MYSQL_LOCK_WAIT_SECONDS}s; try again when it is done.`);
        }
        try {
          return await work(connection);
        } finally {
          await sql`select release_lock(${MYSQL_LOCK_NAME})`.execute(connection);
        }
      }
      case 'sqlite':
        await sql`begin immediate`.execute(connection);
        try {
          const result = await work(connection);
          await sql`commit`.execute(connection);
          return result;
        } catch (error) {
          await sql`rollback`.execute(connection).catch(() => undefined);
          throw error;
        }
    }
  });
}
