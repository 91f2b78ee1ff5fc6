/**
 * Opens the Hydra database the import reads, read-only wherever the driver allows it: SQLite
 * opens the file read-only (and leaves its journal mode alone, where Tessera's own opener would
 * switch it to WAL), PostgreSQL sessions start with default_transaction_read_only, MySQL
 * sessions with SET SESSION TRANSACTION READ ONLY. The reader only ever runs SELECT.
 *
 * This opener, and the SQL of ./reader.ts, live in the import module rather than in
 * src/persistence/: they address Hydra's schema, not Tessera's, and nothing else may use them.
 *
 * Times: Hydra writes UTC into `timestamp without time zone` (PostgreSQL) and TIMESTAMP (MySQL);
 * they are read as text (no driver guesses a local zone) in a UTC session, and parsed in reader.ts.
 */
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { createPool } from 'mysql2';
import type { Dialect, ParsedDsn } from '../../persistence/dsn.js';
// pg as Tessera's own database reads it (BIGINT as a number), the other types as pg's defaults.
import { pgDriver } from '../../persistence/database.js';

export interface HydraSource {
  readonly db: Kysely<any>;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;
const TIMESTAMP_WITH_TIME_ZONE = 1184;

export function openHydraSource(dsn: ParsedDsn): HydraSource {
  const db = new Kysely<any>({ dialect: dialectFor(dsn) });
  return { db, dialect: dsn.dialect, close: () => db.destroy() };
}

function dialectFor(dsn: ParsedDsn) {
  switch (dsn.dialect) {
    case 'sqlite':
      return new SqliteDialect({ database: async () => new SqliteDatabase(dsn.target, { readonly: true, fileMustExist: true }) });
    case 'postgres': {
      const driver = pgDriver();
      return new PostgresDialect({
        pool: new driver.Pool({
          connectionString: dsn.target,
          max: 2,
          connectionTimeoutMillis: 5_000,
          options: '-c default_transaction_read_only=on -c TimeZone=UTC',
          types: {
            getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
              oid === TIMESTAMP_WITHOUT_TIME_ZONE || oid === TIMESTAMP_WITH_TIME_ZONE
                ? (value: string) => value
                : driver.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
          },
        }),
      });
    }
    case 'mysql':
      return new MysqlDialect({
        pool: async () => {
          const pool = createPool({
            uri: dsn.target,
            connectionLimit: 2,
            connectTimeout: 5_000,
            dateStrings: true,
            supportBigNumbers: true,
            bigNumberStrings: true,
          });
          pool.on('connection', (connection) => {
            connection.query('SET SESSION TRANSACTION READ ONLY');
            connection.query("SET time_zone = '+00:00'");
          });
          return pool;
        },
      });
  }
}
