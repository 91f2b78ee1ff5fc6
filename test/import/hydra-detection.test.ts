/**
 * Issue 13 item 3: `migrate sql` (status and up) and `serve` pointed at a Hydra v26 database say
 * so in one line, naming the import command, exit 1, without a stack trace and without touching
 * the database, instead of failing half way with a SQL error about schema_migration.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { buildHydraFixture, hydraChecksum } from '../support/hydra-fixture/fixture.js';
import { hasStackTrace, runTessera } from '../support/process.js';

const SECRET = 'hydra-detection-system-secret-0123';

function assertNamesImport(result: { code: number | null; stdout: string; stderr: string }): void {
  assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line:\n${result.stderr}`);
  assert.match(lines[0]!, /This is an ORY Hydra database \(.+\).*"tessera import hydra --from <hydra DSN>"/);
  assert.doesNotMatch(result.stdout + result.stderr, /applied_at|does not exist|no such|Unknown column|SQLITE_|syntax/i);
  assert.ok(!hasStackTrace(result.stdout + result.stderr), result.stderr);
}

for (const dialect of testDialects()) {
  describe(`a Hydra database given to migrate and serve on ${dialect}`, () => {
    let hydra: TestDatabase;
    let checksum: string;
    before(async () => {
      hydra = await createTestDatabase(dialect);
      await buildHydraFixture(hydra.dsn, SECRET);
      checksum = await hydraChecksum(hydra.dsn);
    });
    after(async () => hydra?.drop());

    it('migrate sql status names the import command', async () => {
      assertNamesImport(await runTessera(['migrate', 'sql', 'status', hydra.dsn]));
    });

    it('migrate sql up -e --yes names the import command and changes nothing', async () => {
      assertNamesImport(await runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: hydra.dsn }));
      assert.equal(await hydraChecksum(hydra.dsn), checksum);
    });

    it('serve all names the import command', async () => {
      assertNamesImport(
        await runTessera(['serve', 'all', '--dangerous-force-http'], {
          DSN: hydra.dsn,
          SECRETS_SYSTEM: SECRET,
          SERVE_PUBLIC_PORT: '0',
          SERVE_ADMIN_PORT: '0',
          LOG_LEVEL: 'warn',
        }),
      );
      assert.equal(await hydraChecksum(hydra.dsn), checksum);
    });

    it('recognizes a Hydra client table without schema_migration rows too', async () => {
      // An operator who dropped popx's bookkeeping: Hydra's client columns still give it away.
      const { openDatabase } = await import('../../src/persistence/database.js');
      const { parseDsn } = await import('../../src/persistence/dsn.js');
      const { Migrator } = await import('../../src/persistence/migrator.js');
      const { HydraDatabaseError } = await import('../../src/persistence/hydra-schema.js');
      const { sql } = await import('kysely');
      const copy = await createTestDatabase(dialect);
      try {
        await buildHydraFixture(copy.dsn, SECRET);
        const database = openDatabase(parseDsn(copy.dsn));
        try {
          await sql`DROP TABLE schema_migration`.execute(database.db);
          await assert.rejects(
            new Migrator(database).up(),
            (error: Error) => error instanceof HydraDatabaseError && /client_secret/.test(error.message),
          );
          const tables = (await database.db.introspection.getTables()).map((t) => t.name);
          assert.ok(!tables.includes('schema_migration'), 'no table was created');
        } finally {
          await database.close();
        }
      } finally {
        await copy.drop();
      }
    });
  });
}
