/**
 * The databases a test runs against. TEST_DATABASES names them (default "sqlite"; CI sets
 * "sqlite,postgres,mysql"). Each call provisions a fresh, empty database on the server and drops
 * it afterwards, so test files never see each other's rows. A server that is named but cannot be
 * reached fails the test: nothing is skipped silently.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createConnection } from 'mysql2/promise';
import type { Dialect } from '../../src/persistence/dsn.js';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';

export interface TestDatabase {
  dialect: Dialect;
  dsn: string;
  drop(): Promise<void>;
}

export function testDialects(): Dialect[] {
  const names = (process.env.TEST_DATABASES ?? 'sqlite').split(',').map((n) => n.trim()).filter(Boolean);
  for (const name of names) {
    if (!['sqlite', 'postgres', 'mysql'].includes(name)) throw new Error(`TEST_DATABASES: unknown database "${name}"`);
  }
  return names as Dialect[];
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const name = `tessera_test_${randomBytes(6).toString('hex')}`;
  switch (dialect) {
    case 'sqlite': {
      const dir = mkdtempSync(join(tmpdir(), 'tessera-test-'));
      return {
        dialect,
        dsn: `sqlite://${join(dir, 'db.sqlite')}?_fk=true`,
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    case 'postgres': {
      await withPostgres((client) => client.query(`CREATE DATABASE ${name}`));
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${name}`;
      return {
        dialect,
        dsn: `${url.toString()}${url.search ? '&' : '?'}sslmode=disable`,
        drop: () => withPostgres((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
      };
    }
    case 'mysql': {
      await withMysql((connection) => connection.query(`CREATE DATABASE ${name}`));
      const url = new URL(MYSQL_URL);
      url.pathname = `/${name}`;
      return {
        dialect,
        dsn: url.toString(),
        drop: () => withMysql((connection) => connection.query(`DROP DATABASE IF EXISTS ${name}`)).then(() => undefined),
      };
    }
  }
}

async function withPostgres<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`TEST_DATABASES names postgres but ${POSTGRES_URL} cannot be reached: ${(error as Error).message}`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function withMysql<T>(work: (connection: Awaited<ReturnType<typeof createConnection>>) => Promise<T>): Promise<T> {
  let connection;
  try {
    connection = await createConnection({ uri: MYSQL_URL, connectTimeout: 5000 });
  } catch (error) {
    throw new Error(`TEST_DATABASES names mysql but ${MYSQL_URL} cannot be reached: ${(error as Error).message}`);
  }
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}
