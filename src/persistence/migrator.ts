/**
 * Applies, reverts and reports schema migrations, tracked in `schema_migration` as Hydra does.
 * PostgreSQL commits each migration with its bookkeeping row in one transaction, SQLite a whole
 * run in one; MySQL commits DDL implicitly, so there the statements are written to be re-run
 * safely. Runs are serialized across processes by migration-lock.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { Migration, Statement } from './migrations/migration.js';
import { migrations as allMigrations } from './migrations/index.js';
import type { Tables } from './tables.js';
import { withMigrationLock } from './migration-lock.js';
import { refuseHydraSchema } from './hydra-schema.js';

export interface MigrationStatus {
  version: string;
  applied: boolean;
}

export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The database schema is not up to date: ${pending.length} migration(s) pending (${pending.join(', ')}). ` +
        'Run "tessera migrate sql up -e --yes" (or "hydra migrate sql -e --yes") with the same DSN first.',
    );
    this.name = 'PendingMigrationsError';
  }
}

export class Migrator {
  constructor(
    private readonly database: Database,
    private readonly migrations: readonly Migration[] = allMigrations,
  ) {}

  async status(): Promise<MigrationStatus[]> {
    const applied = await this.appliedVersions();
    return this.migrations.map((m) => ({ version: m.version, applied: applied.has(m.version) }));
  }

  async pending(): Promise<Migration[]> {
    const applied = await this.appliedVersions();
    return this.migrations.filter((m) => !applied.has(m.version));
  }

  /** Applies every pending migration in order; returns the versions applied. */
  async up(): Promise<string[]> {
    return this.locked(async (db) => {
      const applied = await appliedVersions(db);
      const done: string[] = [];
      for (const migration of this.migrations.filter((m) => !applied.has(m.version))) {
        await this.inTransaction(db, async (trx) => {
          for (const statement of migration.up[this.database.dialect]) await run(statement, trx);
          await trx.insertInto('schema_migration').values({ version: migration.version, applied_at: Date.now() }).execute();
        });
        done.push(migration.version);
      }
      return done;
    });
  }

  /** Reverts the newest `steps` applied migrations; returns the versions reverted. */
  async down(steps = 1): Promise<string[]> {
    return this.locked(async (db) => {
      const applied = await appliedVersions(db);
      const targets = [...this.migrations].reverse().filter((m) => applied.has(m.version)).slice(0, steps);
      for (const migration of targets) {
        await this.inTransaction(db, async (trx) => {
          for (const statement of migration.down[this.database.dialect]) await run(statement, trx);
          await trx.deleteFrom('schema_migration').where('version', '=', migration.version).execute();
        });
      }
      return targets.map((m) => m.version);
    });
  }

  /** Refuses to serve a database that is not fully migrated, naming the command that fixes it. */
  async assertCurrent(): Promise<void> {
    const pending = await this.pending();
    if (pending.length > 0) throw new PendingMigrationsError(pending.map((m) => m.version));
  }

  private async appliedVersions(): Promise<Set<string>> {
    return appliedVersions(this.database.db);
  }

  /** Under the lock, the applied set is read again: another process may have migrated meanwhile. */
  private locked<T>(work: (db: Kysely<Tables>) => Promise<T>): Promise<T> {
    return withMigrationLock(this.database.db, this.database.dialect, async (db) => {
      // Before the CREATE below: not even an empty table is added to a Hydra database.
      refuseHydraSchema(await db.introspection.getTables());
      await sql.raw(CREATE_TABLE).execute(db);
      return work(db);
    });
  }

  /** PostgreSQL rolls DDL back with the row; SQLite already runs under BEGIN IMMEDIATE; MySQL cannot. */
  private async inTransaction(db: Kysely<Tables>, work: (db: Kysely<Tables>) => Promise<void>): Promise<void> {
    if (this.database.dialect !== 'postgres') return work(db);
    await db.transaction().execute(work);
  }
}

async function run(statement: Statement, db: Kysely<Tables>): Promise<void> {
  if (typeof statement !== 'string') {
    if ((await sql.raw(statement.unless).execute(db)).rows.length > 0) return;
    statement = statement.sql;
  }
  await sql.raw(statement).execute(db);
}

const CREATE_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migration (version VARCHAR(128) NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)';

async function appliedVersions(db: Kysely<Tables>): Promise<Set<string>> {
  const tables = await db.introspection.getTables();
  // A Hydra database is refused by name before anything reads or writes it (issue 13 item 3).
  refuseHydraSchema(tables);
  if (!tables.some((t) => t.name === 'schema_migration')) return new Set();
  const rows = await db.selectFrom('schema_migration').select('version').execute();
  return new Set(rows.map((r) => r.version));
}
