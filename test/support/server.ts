/**
 * A real Tessera for a test: `serve all` on ephemeral ports over a real database, migrated the
 * way a user would (migrate up first, then serve). Logs are silent unless TEST_LOG is set.
 */
import { pino, type Logger } from 'pino';
import { startServer, type RunningServer } from '../../src/server.js';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { Migrator } from '../../src/persistence/migrator.js';
import { freePort } from './ports.js';

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
}

export async function migrateDatabase(dsn: string): Promise<void> {
  const database = openDatabase(parseDsn(dsn));
  try {
    await new Migrator(database).up();
  } finally {
    await database.close();
  }
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dsn = options.dsn ?? 'memory';
  if (dsn !== 'memory' && options.migrate !== false) await migrateDatabase(dsn);
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
