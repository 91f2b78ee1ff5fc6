import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { startTestServer, TEST_SECRET } from '../support/server.js';
import { seedSigningKeys } from '../support/signing-keys.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { Migrator, PendingMigrationsError } from '../../src/persistence/migrator.js';
import { migrations } from '../../src/persistence/migrations/index.js';
import type { Migration } from '../../src/persistence/migrations/migration.js';

/** Two throw-away migrations, to see order and single-step reverts on every dialect. */
const table = (name: string) => `CREATE TABLE IF NOT EXISTS ${name} (id VARCHAR(64) NOT NULL PRIMARY KEY)`;
const drop = (name: string) => `DROP TABLE IF EXISTS ${name}`;
const fake = (version: string, name: string): Migration => ({
  version,
  up: { sqlite: [table(name)], postgres: [table(name)], mysql: [table(name)] },
  down: { sqlite: [drop(name)], postgres: [drop(name)], mysql: [drop(name)] },
});
const FAKES = [fake('20000101000001_first', 'mt_first'), fake('20000101000002_second', 'mt_second')];

async function tableNames(database: Database): Promise<string[]> {
  return (await database.db.introspection.getTables()).map((t) => t.name);
}

for (const dialect of testDialects()) {
  describe(`migrations on ${dialect}`, () => {
    let testDb: TestDatabase;
    let database: Database;
    beforeEach(async () => {
      testDb = await createTestDatabase(dialect);
      database = openDatabase(parseDsn(testDb.dsn));
    });
    afterEach(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('reports every migration pending on an empty database, then all applied after up', async () => {
      const migrator = new Migrator(database);
      const before = await migrator.status();
      assert.deepEqual(before.map((s) => s.version), migrations.map((m) => m.version));
      assert.ok(before.every((s) => !s.applied));
      await assert.rejects(migrator.assertCurrent(), PendingMigrationsError);

      assert.deepEqual(await migrator.up(), migrations.map((m) => m.version));
      assert.ok((await migrator.status()).every((s) => s.applied));
      await migrator.assertCurrent();
      const tables = await tableNames(database);
      for (const name of ['schema_migration', 'hydra_client', 'hydra_jwk']) assert.ok(tables.includes(name), name);
    });

    it('treats a second up as a no-op', async () => {
      const migrator = new Migrator(database);
      await migrator.up();
      assert.deepEqual(await migrator.up(), []);
      const rows = await database.db.selectFrom('schema_migration').select('version').execute();
      assert.equal(rows.length, migrations.length);
    });

    it('applies in order and reverts only the newest on down', async () => {
      const migrator = new Migrator(database, FAKES);
      assert.deepEqual(await migrator.up(), ['20000101000001_first', '20000101000002_second']);
      assert.deepEqual(await migrator.down(), ['20000101000002_second']);
      const tables = await tableNames(database);
      assert.ok(tables.includes('mt_first'));
      assert.ok(!tables.includes('mt_second'));
      assert.deepEqual(
        (await migrator.status()).map((s) => s.applied),
        [true, false],
      );
      await assert.rejects(migrator.assertCurrent(), /20000101000002_second/);
      assert.deepEqual(await migrator.up(), ['20000101000002_second']);
      assert.deepEqual(await migrator.down(5), ['20000101000002_second', '20000101000001_first']);
      assert.deepEqual(await migrator.down(), [], 'nothing left to revert');
    });

    it('reverts the real newest migration and re-applies it', async () => {
      const migrator = new Migrator(database);
      await migrator.up();
      const newest = migrations[migrations.length - 1]!.version;
      assert.deepEqual(await migrator.down(), [newest]);
      assert.deepEqual(await migrator.pending().then((p) => p.map((m) => m.version)), [newest]);
      assert.deepEqual(await migrator.up(), [newest]);
    });

    it('converges when a migration re-runs after its bookkeeping row was lost (a crash between DDL and insert)', async () => {
      const migrator = new Migrator(database);
      await migrator.up();
      const newest = migrations[migrations.length - 1]!.version;
      await database.db.deleteFrom('schema_migration').where('version', '=', newest).execute();
      assert.deepEqual(await migrator.up(), [newest]);
      await migrator.assertCurrent();
    });

    it('refuses to serve an unmigrated database, naming "migrate sql up"', async () => {
      await assert.rejects(startTestServer({ dsn: testDb.dsn, migrate: false }), (error: Error) => {
        assert.ok(error instanceof PendingMigrationsError, String(error));
        assert.match(error.message, /migrate sql up/);
        return true;
      });
    });

    it('refuses to serve a half-migrated database (newest row missing, or one step down)', async () => {
      const migrator = new Migrator(database);
      await migrator.up();
      const newest = migrations[migrations.length - 1]!.version;
      await database.db.deleteFrom('schema_migration').where('version', '=', newest).execute();
      await assert.rejects(startTestServer({ dsn: testDb.dsn, migrate: false }), new RegExp(`migrate sql up[\\s\\S]*|${newest}`));
      await migrator.up();
      await migrator.down();
      await assert.rejects(startTestServer({ dsn: testDb.dsn, migrate: false }), (error: Error) => {
        assert.match(error.message, new RegExp(newest));
        assert.match(error.message, /migrate sql up/);
        return true;
      });
      await migrator.up();
      await seedSigningKeys(testDb.dsn, [TEST_SECRET]);
      const server = await startTestServer({ dsn: testDb.dsn, migrate: false });
      await server.close();
    });

    it('keeps its bookkeeping in schema_migration, as Hydra', async () => {
      await new Migrator(database).up();
      const { rows } = await sql<{ version: string }>`select version from schema_migration`.execute(database.db);
      assert.deepEqual(rows.map((r) => r.version).sort(), migrations.map((m) => m.version).sort());
    });
  });
}
