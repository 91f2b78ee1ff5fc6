/**
 * Applies, reverts and reports schema migrations, tracked in `schema_migration` as Hydra does.
 * On SQLite and PostgreSQL each migration and its bookkeeping row commit in one transaction;
 * MySQL commits DDL implicitly, so there the statements are written to be re-run safely.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { Migration } from './migrations/migration.js';
import { migrations as allMigrations } from './migrations/index.js';
import type { Tables } from './tables.js';

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
    await this.ensureTable();
    const done: string[] = [];
    for (const migration of await this.pending()) {
      await this.inTransaction(async (db) => {
        for (const statement of migration.up[this.database.dialect]) await sql.raw(statement).execute(db);
        await db.insertInto('schema_migration').values({ version: migration.version, applied_at: Date.now() }).execute();
      });
      done.push(migration.version);
    }
    return done;
  }

  /** Reverts the newest `steps` applied migrations; returns the versions reverted. */
  async down(steps = 1): Promise<string[]> {
    await this.ensureTable();
    const applied = await this.appliedVersions();
    const targets = [...this.migrations].reverse().filter((m) => applied.has(m.version)).slice(0, steps);
    for (const migration of targets) {
      await this.inTransaction(async (db) => {
        for (const statement of migration.down[this.database.dialect]) await sql.raw(statement).execute(db);
        await db.deleteFrom('schema_migration').where('version', '=', migration.version).execute();
      });
    }
    return targets.map((m) => m.version);
  }

  /** Refuses to serve a database that is not fully migrated, naming the command that fixes it. */
  async assertCurrent(): Promise<void> {
    const pending = await this.pending();
    if (pending.length > 0) throw new PendingMigrationsError(pending.map((m) => m.version));
  }

  private async appliedVersions(): Promise<Set<string>> {
    if (!(await this.tableExists())) return new Set();
    const rows = await this.database.db.selectFrom('schema_migration').select('version').execute();
    return new Set(rows.map((r) => r.version));
  }

  private async tableExists(): Promise<boolean> {
    const tables = await this.database.db.introspection.getTables();
    return tables.some((t) => t.name === 'schema_migration');
  }

  private async ensureTable(): Promise<void> {
    await sql
      .raw(
        'CREATE TABLE IF NOT EXISTS schema_migration (version VARCHAR(128) NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)',
      )
      .execute(this.database.db);
  }

  private async inTransaction(work: (db: Kysely<Tables>) => Promise<void>): Promise<void> {
    if (this.database.dialect === 'mysql') return work(this.database.db);
    await this.database.db.transaction().execute(work);
  }
}
