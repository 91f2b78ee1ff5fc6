/**
 * `startServer` in this process, as an operator would configure it (not --dev unless asked),
 * over one migrated SQLite file per test file. Before the first start the signing sets get the
 * run's pre-generated keys (signing-keys.ts), sealed with that start's SECRETS_SYSTEM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startServer, type RunningServer, type ServeMode } from '../../src/server.js';
import { freePort } from './ports.js';
import { migrateDatabase, TEST_SECRET } from './server.js';
import { seedSigningKeys, systemSecrets } from './signing-keys.js';

export interface ServeFlags {
  dev?: boolean;
  forceHttp?: boolean;
  /** The server's logger (silent unless TEST_LOG), e.g. one that records lines for a test. */
  logger?: Logger;
}

export class InProcessServers {
  readonly dir = mkdtempSync(join(tmpdir(), 'tessera-serve-'));
  readonly dsn = `sqlite://${join(this.dir, 'db.sqlite')}?_fk=true`;
  private seeded = false;

  async prepare(): Promise<void> {
    await migrateDatabase(this.dsn);
  }

  /** Both listeners on 127.0.0.1, the public one on a known port named by the default issuer. */
  async start(env: Record<string, string>, flags: ServeFlags = {}, mode: ServeMode = 'all'): Promise<RunningServer> {
    if (!this.seeded) {
      await seedSigningKeys(this.dsn, systemSecrets(env.SECRETS_SYSTEM ?? TEST_SECRET));
      this.seeded = true;
    }
    const publicPort = await freePort();
    return startServer(
      mode,
      {
        env: {
          DSN: this.dsn,
          SECRETS_SYSTEM: TEST_SECRET,
          SERVE_PUBLIC_PORT: String(publicPort),
          SERVE_ADMIN_PORT: '0',
          SERVE_PUBLIC_HOST: '127.0.0.1',
          SERVE_ADMIN_HOST: '127.0.0.1',
          URLS_SELF_ISSUER: `https://localhost:${publicPort}/`,
          ...env,
        },
        dev: flags.dev ?? false,
        forceHttp: flags.forceHttp ?? false,
      },
      flags.logger ?? pino({ level: process.env.TEST_LOG ? 'debug' : 'silent' }),
    );
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
