/**
 * A real Tessera for a test: `serve all` on ephemeral ports over a real database, migrated the
 * way a user would (migrate up first, then serve). Logs are silent unless TEST_LOG is set.
 * Without a DSN, the database is a fresh SQLite file of its own, removed on close. The signing
 * sets get the run's pre-generated RS256 keys before the start (signing-keys.ts) unless the
 * test is about generating them (`generateSigningKeys`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startServer, type RunningServer } from '../../src/server.js';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { Migrator } from '../../src/persistence/migrator.js';
import { freePort } from './ports.js';
import { replayMysqlSchema } from './mysql-schema-snapshot.js';
import { seedSigningKeys, systemSecrets } from './signing-keys.js';

export const TEST_SECRET = 'test-system-secret-0123456789';

export interface TestServer extends RunningServer {
  publicUrl: string;
  adminUrl: string;
}

export interface TestServerOptions {
  dsn?: string;
  /** Extra environment, with Hydra's variable names (URLS_LOGIN, STRATEGIES_ACCESS_TOKEN, ...). */
  env?: Record<string, string>;
  files?: string[];
  migrate?: boolean;
  /** The server's clock, so that expiry is tested without sleeping. */
  now?: () => number;
  /** The server's logger (silent unless TEST_LOG), e.g. one that captures lines for a test. */
  logger?: Logger;
  /**
   * Let the server generate its signing keys at start, as a first start does (RSA 4096: seconds
   * of CPU), instead of finding the run's pre-generated keys in its database.
   */
  generateSigningKeys?: boolean;
}

/**
 * Migrates the database of `dsn`. An empty MySQL database first gets the run's snapshot of the
 * migrated schema (mysql-schema-snapshot.ts: the same tables, 1 to 2 s sooner per database), after
 * which the Migrator finds nothing pending; every other database is migrated by the Migrator.
 */
export async function migrateDatabase(dsn: string): Promise<void> {
  const parsed = parseDsn(dsn);
  if (parsed.dialect === 'mysql') await replayMysqlSchema(parsed.target);
  const database = openDatabase(parsed);
  try {
    await new Migrator(database).up();
  } finally {
    await database.close();
  }
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const scratch = options.dsn === undefined ? mkdtempSync(join(tmpdir(), 'tessera-server-')) : undefined;
  try {
    const server = await startOn(scratch ? `sqlite://${join(scratch, 'db.sqlite')}?_fk=true` : options.dsn!, options);
    if (!scratch) return server;
    const close = server.close;
    server.close = async () => {
      try {
        await close();
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    };
    return server;
  } catch (error) {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

async function startOn(dsn: string, options: TestServerOptions): Promise<TestServer> {
  const migrate = dsn !== 'memory' && options.migrate !== false;
  if (migrate) await migrateDatabase(dsn);
  if (migrate && !options.generateSigningKeys) {
    await seedSigningKeys(dsn, systemSecrets(options.env?.SECRETS_SYSTEM ?? TEST_SECRET));
  }
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG ? 'debug' : 'silent' });
  // The public port is chosen first so that the issuer can name it: relying parties discover
  // the server from its issuer URL.
  const publicPort = await freePort();
  const server = await startServer(
    'all',
    {
      env: {
        DSN: dsn,
        SECRETS_SYSTEM: TEST_SECRET,
        SERVE_PUBLIC_PORT: String(publicPort),
        SERVE_ADMIN_PORT: '0',
        SERVE_PUBLIC_HOST: '127.0.0.1',
        SERVE_ADMIN_HOST: '127.0.0.1',
        URLS_SELF_ISSUER: `http://127.0.0.1:${publicPort}/`,
        ...options.env,
      },
      files: options.files ?? [],
      dev: true,
    },
    logger,
    { now: options.now },
  );
  return server as TestServer;
}
