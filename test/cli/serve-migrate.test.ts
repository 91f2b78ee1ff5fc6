import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { hasStackTrace, runTessera, serveTessera } from '../support/process.js';
import { seedSigningKeys } from '../support/signing-keys.js';

const SECRET = 'cli-test-system-secret-0123456789';

function assertRefused(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.notEqual(result.code, 0, `expected a failure:\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stderr, pattern);
  assert.ok(!hasStackTrace(result.stderr + result.stdout), `no stack trace:\n${result.stderr}`);
}

for (const dialect of testDialects()) {
  describe(`migrate sql as a process on ${dialect}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(async () => database?.drop());

    it('reports pending migrations, refuses to apply without --yes off a terminal, then applies with -e --yes', async () => {
      const status = await runTessera(['migrate', 'sql', 'status', database.dsn]);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /Pending/);
      assert.doesNotMatch(status.stdout, /Applied/);

      const refused = await runTessera(['migrate', 'sql', 'up', '-e'], { DSN: database.dsn });
      assertRefused(refused, /--yes/);
      assert.match((await runTessera(['migrate', 'sql', 'status', '-e'], { DSN: database.dsn })).stdout, /Pending/);

      const up = await runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: database.dsn });
      assert.equal(up.code, 0, up.stderr);
      assert.match(up.stdout, /Successfully applied/);
      const after = await runTessera(['migrate', 'sql', 'status', '-e'], { DSN: database.dsn });
      assert.match(after.stdout, /Applied/);
      assert.doesNotMatch(after.stdout, /Pending/);
      assert.match(after.stdout, /up to date/);

      const again = await runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: database.dsn });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /already applied/);
    });

    it('lets several processes migrate one database at once: one applies, the others find it done', async () => {
      const fresh = await createTestDatabase(dialect);
      try {
        const runs = await Promise.all([1, 2, 3].map(() => runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: fresh.dsn })));
        for (const run of runs) assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
        assert.equal(runs.filter((run) => /Successfully applied/.test(run.stdout)).length, 1);
        assert.match((await runTessera(['migrate', 'sql', 'status', fresh.dsn])).stdout, /up to date/);
      } finally {
        await fresh.drop();
      }
    });

    it('serves the migrated database, then reverts one step with down and refuses to serve it', async () => {
      await seedSigningKeys(database.dsn, [SECRET]);
      const { server, adminUrl } = await serveTessera(['all'], { DSN: database.dsn, SECRETS_SYSTEM: SECRET });
      try {
        assert.equal((await fetch(`${adminUrl}/health/ready`)).status, 200);
      } finally {
        assert.equal((await server.stop('SIGTERM')).code, 0, server.output());
      }
      const down = await runTessera(['migrate', 'sql', 'down', '-e', '--yes'], { DSN: database.dsn });
      assert.equal(down.code, 0, down.stderr);
      assert.match(down.stdout, /Reverted/);
      const refused = await runTessera(['serve', 'all'], { DSN: database.dsn, SECRETS_SYSTEM: SECRET, SERVE_PUBLIC_PORT: '0', SERVE_ADMIN_PORT: '0' });
      assertRefused(refused, /migrate sql up/);
      const v1 = await runTessera(['migrate', 'sql', '--yes', database.dsn]);
      assert.equal(v1.code, 0, `v1 syntax "migrate sql --yes DSN": ${v1.stderr}`);
      assert.match(v1.stdout, /Successfully applied 1 migration/);
    });
  });
}
