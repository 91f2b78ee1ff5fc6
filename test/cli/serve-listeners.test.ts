import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, hasStackTrace, runTessera, serveTessera, spawnTessera } from '../support/process.js';
import { seedSigningKeys } from '../support/signing-keys.js';
import { seededSqlite, type SeededSqlite } from '../support/seeded-sqlite.js';

const SECRET = 'cli-test-system-secret-0123456789';

function assertRefused(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.notEqual(result.code, 0, `expected a failure:\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stderr, pattern);
  assert.ok(!hasStackTrace(result.stderr + result.stdout), `no stack trace:\n${result.stderr}`);
}

function getOverSocket(socketPath: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath, path }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A socket file whose process was killed with SIGKILL, as after a crash: nobody answers on it. */
async function leaveStaleSocket(path: string): Promise<void> {
  const holder = spawn(process.execPath, ['-e', 'require("net").createServer().listen(process.argv[1], () => console.log("up"))', path], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
  holder.kill('SIGKILL');
  await new Promise((resolve) => holder.once('exit', resolve));
}

describe('serve: listeners, flags and config files', () => {
  // The servers run over a SQLite file that already holds the run's signing keys (seeded-sqlite.ts):
  // no listener test is about the database, and a DSN=memory start generates two RSA keys before
  // it binds, which took longer than these tests wait on a loaded machine.
  let database: SeededSqlite;
  before(async () => {
    database = await seededSqlite(SECRET);
  });
  after(() => database?.remove());

  it('accepts --dangerous-force-http with an http issuer, which it refuses without', async () => {
    const env = { DSN: database.dsn, SECRETS_SYSTEM: SECRET, URLS_SELF_ISSUER: 'http://auth.example.com/' };
    assertRefused(await runTessera(['serve', 'all'], { ...env, SERVE_PUBLIC_PORT: '0', SERVE_ADMIN_PORT: '0' }), /https/);
    const { server, publicUrl } = await serveTessera(['all', '--dangerous-force-http'], env);
    try {
      const discovery = await fetch(`${publicUrl}/.well-known/openid-configuration`);
      assert.equal(discovery.status, 200);
      assert.equal(((await discovery.json()) as { issuer: string }).issuer, 'http://auth.example.com/');
    } finally {
      assert.equal((await server.stop('SIGINT')).code, 0, server.output());
    }
  });

  it('reads config files given with -c before or after the subcommand, as Hydra quickstart writes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-config-'));
    const base = join(dir, 'hydra.yml');
    const override = join(dir, 'override.json');
    writeFileSync(base, `dsn: sqlite://${join(dir, 'db.sqlite')}?_fk=true\nsecrets:\n  system: [${SECRET}]\n`);
    writeFileSync(override, JSON.stringify({ ttl: { access_token: '5m' } }));
    try {
      const migrated = await runTessera(['migrate', '-c', base, 'sql', '-e', '--yes']);
      assert.equal(migrated.code, 0, `migrate -c FILE sql -e --yes: ${migrated.stderr}`);
      assert.match((await runTessera(['migrate', 'sql', 'status', '-c', base])).stdout, /up to date/);
      await seedSigningKeys(`sqlite://${join(dir, 'db.sqlite')}?_fk=true`, [SECRET]);
      for (const args of [['-c', base, 'all'], ['all', '-c', `${base},${override}`], ['all', '-c', base, '-c', override]]) {
        const { server, adminUrl } = await serveTessera(args, {});
        try {
          assert.equal((await fetch(`${adminUrl}/health/ready`)).status, 200, args.join(' '));
        } finally {
          assert.equal((await server.stop()).code, 0, server.output());
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('refuses a port that is already taken, naming the listener and the port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await runTessera(['serve', 'all', '--dev'], {
        DSN: database.dsn,
        SECRETS_SYSTEM: SECRET,
        SERVE_ADMIN_HOST: '127.0.0.1',
        SERVE_ADMIN_PORT: String(port),
        SERVE_PUBLIC_PORT: '0',
      });
      assertRefused(result, new RegExp(`admin API on 127\\.0\\.0\\.1:${port}: the port is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('serves on a UNIX socket from YAML (mode: 770 is rwxrwx---), replacing a stale socket file and removing it at shutdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-socket-'));
    const socket = join(dir, 'admin.sock');
    const config = join(dir, 'hydra.yml');
    // The production guide's own example, as YAML reads it: mode 770 is the integer seven hundred seventy.
    writeFileSync(config, `serve:\n  admin:\n    host: unix:${socket}\n    socket:\n      mode: 770\n`);
    await leaveStaleSocket(socket);
    assert.ok(statSync(socket).isSocket(), 'a stale socket file is left behind');
    const running = spawnTessera(['serve', 'all', '--dev', '-c', config], {
      DSN: database.dsn,
      SECRETS_SYSTEM: SECRET,
      SERVE_PUBLIC_HOST: '127.0.0.1',
      SERVE_PUBLIC_PORT: String(await freePort()),
    });
    try {
      const deadline = Date.now() + 30_000;
      let answer: { status: number; body: string } | undefined;
      while (!answer && Date.now() < deadline && running.running) {
        answer = await getOverSocket(socket, '/health/ready').catch(() => undefined);
        if (!answer) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(answer, `no answer on ${socket}:\n${running.output()}`);
      assert.equal(answer.status, 200);
      assert.equal(statSync(socket).mode & 0o777, 0o770);
      assert.equal((await getOverSocket(socket, '/clients')).status, 200, 'the v1 admin path over the socket');
    } finally {
      assert.equal((await running.stop()).code, 0, running.output());
    }
    try {
      assert.ok(!existsSync(socket), 'the socket file is removed at shutdown');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a socket path that another process still listens on, and a path that is not a socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-socket-'));
    const busy = join(dir, 'busy.sock');
    const plainFile = join(dir, 'file.sock');
    writeFileSync(plainFile, 'not a socket');
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(busy, resolve));
    try {
      for (const [path, reason] of [[busy, /another process is listening on that socket/], [plainFile, /is not a socket/]] as const) {
        const result = await runTessera(['serve', 'all', '--dev'], { DSN: database.dsn, SECRETS_SYSTEM: SECRET, ADMIN_HOST: `unix:${path}`, SERVE_PUBLIC_PORT: '0' }, 90_000);
        assertRefused(result, reason);
      }
      assert.ok(existsSync(plainFile), 'a file that is not a socket is never deleted');
    } finally {
      holder.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
