import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { hasStackTrace, runTessera, serveTessera } from '../support/process.js';
import { VERSION } from '../../src/version.js';

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

describe('serve as a process', () => {
  it('serve all --dev with DSN=memory starts both listeners, answers ready, and exits 0 on SIGTERM', async () => {
    const { server, publicUrl, adminUrl } = await serveTessera(['all', '--dev'], { DSN: 'memory' });
    try {
      for (const url of [`${publicUrl}/health/ready`, `${adminUrl}/health/ready`, `${adminUrl}/admin/health/ready`]) {
        const response = await fetch(url);
        assert.equal(response.status, 200, url);
        assert.deepEqual(await response.json(), { status: 'ok' });
      }
      assert.ok(server.running);
    } finally {
      const exit = await server.stop('SIGTERM');
      assert.equal(exit.code, 0, server.output());
      assert.ok(!hasStackTrace(server.stdout + server.stderr), server.output());
    }
  });

  it('serve public and serve admin refuse DSN=memory', async () => {
    for (const mode of ['public', 'admin']) {
      const result = await runTessera(['serve', mode, '--dev'], { DSN: 'memory', SERVE_PUBLIC_PORT: '0', SERVE_ADMIN_PORT: '0' });
      assertRefused(result, /serve all/);
    }
  });

  it('serve all without SECRETS_SYSTEM refuses, naming it', async () => {
    const result = await runTessera(['serve', 'all'], { DSN: 'memory', SERVE_PUBLIC_PORT: '0', SERVE_ADMIN_PORT: '0' });
    assertRefused(result, /SECRETS_SYSTEM/);
  });

  it('serve all refuses an invalid value with the key and what was expected', async () => {
    const result = await runTessera(['serve', 'all', '--dev'], { DSN: 'memory', SERVE_PUBLIC_PORT: 'abc' });
    assertRefused(result, /serve\.public\.port: value "abc" must be an integer/);
  });

  it('serve all refuses a DSN it cannot use, without printing its password', async () => {
    const result = await runTessera(['serve', 'all', '--dev'], { DSN: 'mongodb://u:hunter2@h/db' });
    assertRefused(result, /unknown scheme/);
    assert.doesNotMatch(result.stderr, /hunter2/);
  });

  it('refuses a database it cannot reach, naming it without the password', async () => {
    const dsn = 'postgres://postgres:hunter2@127.0.0.1:1/tessera?sslmode=disable';
    for (const args of [['serve', 'all'], ['migrate', 'sql', 'up', '-e', '--yes']]) {
      const result = await runTessera(args, { DSN: dsn, SECRETS_SYSTEM: SECRET, SERVE_PUBLIC_PORT: '0', SERVE_ADMIN_PORT: '0' });
      assertRefused(result, /Unable to use the database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/tessera/);
      assert.doesNotMatch(result.stderr, /hunter2/);
    }
  });

});

describe('version and help', () => {
  it('version prints the version', async () => {
    const result = await runTessera(['version']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, new RegExp(VERSION.replace(/\./g, '\\.')));
  });

  it('help and --help list serve and migrate', async () => {
    for (const args of [['help'], ['--help'], ['help', 'migrate'], ['serve', '--help'], ['migrate', 'sql', '--help']]) {
      const result = await runTessera(args);
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stdout, /Usage:/, args.join(' '));
    }
    assert.match((await runTessera(['help'])).stdout, /serve[\s\S]*migrate|migrate[\s\S]*serve/);
  });

  it('an unknown command fails with a message, not a stack trace', async () => {
    const result = await runTessera(['no-such-command']);
    assertRefused(result, /unknown command/i);
  });
});
