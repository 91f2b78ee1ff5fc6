/**
 * The real processes on a sample of the keys every-hydra-key.test.ts walks: `serve` refuses a
 * Hydra key Tessera does not support yet, from the environment (configx names, into sections and
 * "URL or section" keys) or from a config file, naming the key, with exit code 1 and no stack trace,
 * before anything listens; `migrate` refuses the same file (one loader, one verdict); a key that
 * cannot matter to Tessera costs one warning and the server starts.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, runTessera, serveTessera, type ProcessResult } from '../support/process.js';
import { seededSqlite } from '../support/seeded-sqlite.js';
import { freePort } from '../support/ports.js';

const SECRET = 'cli-test-system-secret-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'tessera-unsupported-'));

function assertRefused(result: ProcessResult, key: string): void {
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.code, 1, output);
  assert.match(result.stderr, new RegExp(`^  ${key.replace(/\./g, '\\.')}:.* is not supported by Tessera yet \\(planned: `, 'm'), output);
  assert.ok(!hasStackTrace(output), output);
  assert.doesNotMatch(result.stdout, /Setting up http server/, 'nothing listened');
}

async function serveWith(env: Record<string, string>, args: string[] = []): Promise<ProcessResult> {
  const ports = { SERVE_PUBLIC_PORT: String(await freePort()), SERVE_ADMIN_PORT: String(await freePort()) };
  return runTessera(['serve', 'all', '--dev', ...args], { DSN: 'memory', SECRETS_SYSTEM: SECRET, ...ports, ...env });
}

describe('serve and migrate on keys Tessera does not support, or that cannot matter', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serve refuses TRACING_PROVIDER, HSM_ENABLED, PROFILING and SERVE_COOKIES_SAME_SITE_LEGACY_WORKAROUND, naming the key', async () => {
    assertRefused(await serveWith({ TRACING_PROVIDER: 'jaeger' }), 'tracing.provider');
    assertRefused(await serveWith({ HSM_ENABLED: 'true' }), 'hsm.enabled');
    assertRefused(await serveWith({ PROFILING: 'cpu' }), 'profiling');
    assertRefused(await serveWith({ SERVE_COOKIES_SAME_SITE_LEGACY_WORKAROUND: 'true' }), 'serve.cookies.same_site_legacy_workaround');
  });

  it('serve and migrate refuse the same keys from a config file', async () => {
    const file = join(dir, 'hydra.yml');
    writeFileSync(file, 'dsn: memory\nserve:\n  cookies:\n    same_site_legacy_workaround: true\ntracing:\n  provider: jaeger\n');
    const served = await serveWith({}, ['-c', file]);
    assertRefused(served, 'serve.cookies.same_site_legacy_workaround');
    assertRefused(served, 'tracing.provider');
    assertRefused(await runTessera(['migrate', 'sql', 'status', '-c', file]), 'tracing.provider');
  });

  it('serve starts with a key that cannot matter, and warns once naming it', async (t) => {
    // A file with the run's signing keys (seeded-sqlite.ts): the database is not what is tested.
    const database = await seededSqlite(SECRET);
    t.after(() => database.remove());
    const { server } = await serveTessera(['all', '--dev'], { DSN: database.dsn, SECRETS_SYSTEM: SECRET, CGROUPS_V1_AUTO_MAX_PROCS_ENABLED: 'true' });
    const stopped = await server.stop('SIGTERM');
    assert.equal(stopped.code, 0, server.output());
    const warnings = server.stdout.split('\n').filter((line) => line.includes('cgroups.v1.auto_max_procs_enabled is set, but'));
    assert.equal(warnings.length, 1, server.output());
    assert.match(warnings[0]!, /level=warning/);
  });
});
