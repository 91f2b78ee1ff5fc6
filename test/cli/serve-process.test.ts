/**
 * `serve` as a process without a database of the test matrix (DSN=memory, or refused before any
 * database is used), `version` and `help`: these do the same on every database, so they live
 * apart from serve-migrate.test.ts, whose migrations run once per database.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasStackTrace, runTessera, serveTessera } from '../support/process.js';
import { VERSION } from '../../src/version.js';

const SECRET = 'cli-test-system-secret-0123456789';

function assertRefused(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.notEqual(result.code, 0, `expected a failure:\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stderr, pattern);
  assert.ok(!hasStackTrace(result.stderr + result.stdout), `no stack trace:\n${result.stderr}`);
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
