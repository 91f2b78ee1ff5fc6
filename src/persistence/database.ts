/**
 * Opens the Kysely database for a DSN: better-sqlite3 for SQLite, pg for PostgreSQL and
 * CockroachDB, mysql2 for MySQL and MariaDB. Nothing else in Tessera knows which driver runs.
 */
import { createRequire } from 'node:module';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type mysql from 'mysql2';
import type { Dialect, ParsedDsn } from './dsn.js';
import type { Tables } from './tables.js';
import { discardingTimedOutClients, withQueryTimeout } from './query-timeouts.js';
import { guardUnstorableText } from './unstorable-text.js';
import { postgresPreparedStatements, type PreparedStatements } from './prepared-statements.js';

// Only the driver of the DSN's database is loaded (mysql2 alone is about 80 modules, each read at
// every start of every command otherwise); CommonJS, required, so that openDatabase stays synchronous.
const require = createRequire(import.meta.url);

/** pg, with BIGINT (int8) columns read as numbers: they hold epoch milliseconds, well inside Number's exact range. */
export function pgDriver(): typeof pg {
  const driver = require('pg') as typeof pg;
  driver.types.setTypeParser(20, (value) => Number(value));
  return driver;
}

export interface Database {
  readonly db: Kysely<Tables>;
  readonly dialect: Dialect;
  /** Named prepared statements for the hot path (prepared-statements.ts); PostgreSQL only. */
  readonly prepared?: PreparedStatements;
  /** Answers whether the database takes a query now (readiness). */
  ping(): Promise<void>;
  /** The connection pool now, for metrics; undefined for SQLite (one in-process handle, no pool). */
  poolStats(): PoolStats | undefined;
  close(): Promise<void>;
}

export interface PoolStats {
  /** Connections open, busy or idle. */
  open: number;
  idle: number;
  /** Queries waiting for a connection: a pool too small or a database too slow. */
  waiting: number;
  max: number;
}

export interface DatabaseEvents {
  /** A pooled connection failed outside any request; the pool replaces it. */
  onPoolError?: (error: Error) => void;
  /**
   * How long one statement may go unanswered before it fails as "unavailable" (503) and its
   * connection is discarded; 0: no limit, for operator commands (migrate, janitor) whose
   * statements may legitimately wait on a lock or run long.
   */
  queryTimeoutMs?: number;
}

/**
 * A request must never wait on a database that went silent (a partition drops packets: no reset
 * ever arrives). Connecting and each statement are bounded so that the request answers 503 well
 * within 10 s; no statement of the request path comes near these limits on a healthy database.
 */
export const CONNECT_TIMEOUT_MS = 5_000;
export const REQUEST_QUERY_TIMEOUT_MS = 8_000;

export function openDatabase(dsn: ParsedDsn, events: DatabaseEvents = {}): Database {
  let poolStats: () => PoolStats | undefined = () => undefined;
  let prepared: PreparedStatements | undefined;
  const db = new Kysely<Tables>({
    // A NUL or lone surrogate from a client never reaches a driver (unstorable-text.ts).
    dialect: guardUnstorableText(
      dialectFor(dsn, events, events.queryTimeoutMs ?? REQUEST_QUERY_TIMEOUT_MS, (stats) => (poolStats = stats), (pool) => (prepared = postgresPreparedStatements(pool))),
    ),
  });
  return {
    db,
    dialect: dsn.dialect,
    ...(prepared ? { prepared } : {}),
    async ping() {
      await sql`select 1`.execute(db);
    },
    poolStats: () => poolStats(),
    async close() {
      await db.destroy();
    },
  };
}

function dialectFor(dsn: ParsedDsn, events: DatabaseEvents, queryTimeoutMs: number, exposeStats: (stats: () => PoolStats) => void, exposePool: (pool: pg.Pool) => void) {
  const onError = events.onPoolError ?? (() => undefined);
  switch (dsn.dialect) {
    case 'sqlite':
      return new SqliteDialect({
        database: async () => {
          const Sqlite = require('better-sqlite3') as typeof SqliteDatabase;
          const database = new Sqlite(dsn.target);
          if (!dsn.memory) database.pragma('journal_mode = WAL');
          database.pragma('foreign_keys = ON');
          database.pragma('busy_timeout = 5000');
          return database;
        },
      });
    case 'postgres': {
      const pool = new (pgDriver().Pool)({
        connectionString: dsn.target,
        max: dsn.pool.maxConnections ?? 20,
        idleTimeoutMillis: dsn.pool.idleTimeoutMs ?? 30_000,
        maxLifetimeSeconds: dsn.pool.maxLifetimeMs ? Math.ceil(dsn.pool.maxLifetimeMs / 1000) : 0,
        // Bounds the wait for a new connection and for a free one from a full pool alike.
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        ...(queryTimeoutMs > 0 ? { query_timeout: queryTimeoutMs } : {}),
        // Lets the kernel notice a peer that vanished while a connection sat idle.
        keepAlive: true,
      });
      pool.on('error', onError);
      // pg-pool listens for errors only on idle clients; a client checked out (inside a
      // transaction, between two queries) whose backend dies would emit 'error' to no listener
      // and take the process down. The query in flight still fails and answers 503.
      pool.on('connect', (client) => client.on('error', onError));
      exposeStats(() => ({ open: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max }));
      exposePool(pool);
      return new PostgresDialect({ pool: discardingTimedOutClients(pool) });
    }
    case 'mysql':
      // Created on first use: mysql2 starts an idle-sweep timer at construction, and Kysely only
      // ends a pool it has used, so an eager pool kept an unused Database's process alive.
      return new MysqlDialect({
        pool: async () => {
          const pool = (require('mysql2') as typeof mysql).createPool({
            uri: dsn.target,
            connectionLimit: dsn.pool.maxConnections ?? 20,
            maxIdle: dsn.pool.maxIdleConnections ?? 10,
            idleTimeout: dsn.pool.idleTimeoutMs ?? 30_000,
            connectTimeout: CONNECT_TIMEOUT_MS,
            supportBigNumbers: true,
            bigNumberStrings: false,
            timezone: 'Z',
          });
          pool.on('connection', (connection) => connection.on('error', onError));
          exposeStats(() => mysqlPoolStats(pool));
          // MySQL has no client-side statement timeout of its own: mysql2 takes one per query.
          return queryTimeoutMs > 0 ? withQueryTimeout(pool, queryTimeoutMs, CONNECT_TIMEOUT_MS) : pool;
        },
      });
  }
}

/** mysql2 keeps its counts in fields it does not document; read defensively (0 if renamed). */
function mysqlPoolStats(pool: unknown): PoolStats {
  const internals = pool as {
    _allConnections?: { length: number };
    _freeConnections?: { length: number };
    _connectionQueue?: { length: number };
    config?: { connectionLimit?: number };
  };
  return {
    open: internals._allConnections?.length ?? 0,
    idle: internals._freeConnections?.length ?? 0,
    waiting: internals._connectionQueue?.length ?? 0,
    max: internals.config?.connectionLimit ?? 0,
  };
}
