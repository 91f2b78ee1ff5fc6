/**
 * A migrated SQLite file whose signing sets already hold the run's keys (signing-keys.ts), for a
 * `serve` process whose test is about something else than DSN=memory or key generation (flags,
 * log lines, warnings). A DSN=memory server generates two RSA-4096 keys at every start, seconds
 * of CPU on a loaded 2-core machine; over this file it finds them, as a restarted server does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase } from './server.js';
import { seedSigningKeys } from './signing-keys.js';

export interface SeededSqlite {
  dsn: string;
  remove(): void;
}

/** `secret` is the SECRETS_SYSTEM the process will run with: the keys are sealed with it. */
export async function seededSqlite(secret: string): Promise<SeededSqlite> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-seeded-'));
  const dsn = `sqlite://${join(dir, 'db.sqlite')}?_fk=true`;
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await migrateDatabase(dsn);
    await seedSigningKeys(dsn, [secret]);
  } catch (error) {
    remove();
    throw error;
  }
  return { dsn, remove };
}
