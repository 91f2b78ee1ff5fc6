/**
 * A connection whose statement timed out is in an unknown state: the server may still answer
 * it later, or (a partition) never. Neither driver retires such a connection by itself: pg keeps
 * the timed-out query as the client's active one and queues the next behind it, mysql2 keeps its
 * command pending. Handed back to the pool, it would make every later request that draws it wait
 * out the timeout again. These wrappers discard it instead, so the pool opens a fresh one (and
 * fails fast while the database is away).
 */
import type pg from 'pg';
import type { Pool as MysqlPool, PoolConnection as MysqlPoolConnection } from 'mysql2';
import type { MysqlPool as KyselyMysqlPool, MysqlPoolConnection as KyselyMysqlConnection, PostgresPool, PostgresPoolClient } from 'kysely';

const PG_TIMEOUT_MESSAGE = 'Query read timeout';

/** pg: per checkout, a client that saw a query time out is released with an error, which ends it. */
export function discardingTimedOutClients(pool: pg.Pool): PostgresPool {
  const timedOut = new WeakSet<pg.PoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      const release = client.release;
      return {
        query: ((...args: unknown[]) => {
          const result = query(...args);
          if (result instanceof Promise) {
            result.catch((error: unknown) => {
              if ((error as Error | undefined)?.message === PG_TIMEOUT_MESSAGE) timedOut.add(client);
            });
          }
          return result;
        }) as PostgresPoolClient['query'],
        release: () => release(timedOut.has(client) ? new Error('a statement timed out on this connection') : undefined),
      };
    },
    end: () => pool.end(),
  };
}

/**
 * mysql2: every statement carries `timeout`; a connection that hit it is destroyed, not released.
 * mysql2's pool also queues a request for a free connection without limit (pg's
 * connectionTimeoutMillis bounds that wait): here it is bounded by `acquireTimeoutMs`, and a
 * connection that arrives after its requester gave up goes straight back to the pool.
 */
export function withQueryTimeout(pool: MysqlPool, timeoutMs: number, acquireTimeoutMs: number): KyselyMysqlPool {
  return {
    getConnection(callback) {
      let gaveUp = false;
      const timer = setTimeout(() => {
        gaveUp = true;
        callback(Object.assign(new Error('timeout exceeded when trying to connect'), { code: 'ETIMEDOUT' }), undefined as never);
      }, acquireTimeoutMs);
      pool.getConnection((error, connection) => {
        if (gaveUp) return void connection?.release();
        clearTimeout(timer);
        if (error) return callback(error, connection as never);
        callback(null, timedConnection(connection, timeoutMs));
      });
    },
    end: (callback) => pool.end(callback),
  };
}

function timedConnection(connection: MysqlPoolConnection, timeoutMs: number): KyselyMysqlConnection {
  let timedOut = false;
  const query = (sql: string, parameters: unknown[], callback?: (error: unknown, result: never) => void) => {
    const options = { sql, timeout: timeoutMs };
    if (!callback) return connection.query(options, parameters);
    return connection.query(options, parameters, (error: unknown, result: unknown) => {
      if ((error as { code?: string } | null)?.code === 'PROTOCOL_SEQUENCE_TIMEOUT') timedOut = true;
      callback(error, result as never);
    });
  };
  return {
    query: query as never,
    release: () => (timedOut ? connection.destroy() : connection.release()),
  };
}
