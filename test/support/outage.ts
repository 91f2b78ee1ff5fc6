/**
 * Cuts one test database off from the servers that use it, and restores it, without touching
 * the database service: PostgreSQL refuses new connections to that database and terminates the
 * open ones; MariaDB loses a dedicated user's grant and has that user's connections killed.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createConnection } from 'mysql2/promise';
import { MYSQL_URL, POSTGRES_URL, type TestDatabase } from './databases.js';

export interface Outage {
  /** The DSN the server must use for the outage to reach it. */
  dsn: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Locks hydra_client from another session (spared by cut) so the server's queries wait on it. */
  lockClients(): Promise<() => Promise<void>>;
  cleanup(): Promise<void>;
}

async function onPostgres(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function postgresOutage(database: TestDatabase): Promise<Outage> {
  const name = new URL(database.dsn).pathname.slice(1);
  let sparedPid = 0;
  return {
    dsn: database.dsn,
    // ALLOW_CONNECTIONS binds superusers too (CONNECTION LIMIT does not), and the test connects as one.
    cut: () =>
      onPostgres([
        `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> ${sparedPid}`,
      ]),
    restore: () => onPostgres([`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`]),
    lockClients: async () => {
      const client = new pg.Client({ connectionString: database.dsn, connectionTimeoutMillis: 5000 });
      await client.connect();
      sparedPid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await client.query('BEGIN');
      await client.query('LOCK TABLE hydra_client IN ACCESS EXCLUSIVE MODE');
      return async () => {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end();
        sparedPid = 0;
      };
    },
    cleanup: async () => undefined,
  };
}

async function onMysql(statements: string[]): Promise<void> {
  const connection = await createConnection({ uri: MYSQL_URL, connectTimeout: 5000 });
  try {
    for (const statement of statements) await connection.query(statement);
  } finally {
    await connection.end();
  }
}

export async function mysqlOutage(database: TestDatabase): Promise<Outage> {
  const url = new URL(database.dsn);
  const name = url.pathname.slice(1);
  const user = `tessera_out_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const grant = `GRANT ALL PRIVILEGES ON \`${name}\`.* TO '${user}'@'%'`;
  await onMysql([`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`, grant]);
  url.username = user;
  url.password = password;
  return {
    dsn: url.toString(),
    cut: async () => {
      await onMysql([`REVOKE ALL PRIVILEGES ON \`${name}\`.* FROM '${user}'@'%'`]);
      const connection = await createConnection({ uri: MYSQL_URL, connectTimeout: 5000 });
      try {
        const [rows] = await connection.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ?', [user]);
        for (const { id } of rows as { id: number }[]) await connection.query(`KILL CONNECTION ${Number(id)}`).catch(() => undefined);
      } finally {
        await connection.end();
      }
    },
    restore: () => onMysql([grant]),
    lockClients: async () => {
      // As root, so the KILL of the test user's connections spares it.
      const connection = await createConnection({ uri: `${MYSQL_URL.replace(/\/$/, '')}/${name}`, connectTimeout: 5000 });
      await connection.query('LOCK TABLES hydra_client WRITE');
      return async () => {
        await connection.query('UNLOCK TABLES').catch(() => undefined);
        await connection.end();
      };
    },
    cleanup: () => onMysql([`DROP USER IF EXISTS '${user}'@'%'`]),
  };
}
