/**
 * Seed 003 ("Learn how to bootstrap Hydra") as written, against `serve all` run as a process:
 * `-e ISSUER=... -e CONSENT_URL=... -e FORCE_ROOT_CLIENT_CREDENTIALS=admin:admin-password` with
 * `--dangerous-force-http --dangerous-auto-logon --disable-telemetry`; then the guide's Python
 * step (client credentials with HTTP Basic admin:admin-password, no scope) and its
 * `curl -H "Authorization: bearer ..."` on the admin API, here with admin auth switched on.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, hasStackTrace, runTessera, spawnTessera } from '../support/process.js';
import { runCli } from './cli-runner.js';

const SECRET = 'cli-test-system-secret-0123456789';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = `Basic ${Buffer.from('admin:admin-password').toString('base64')}`;

describe('serve with FORCE_ROOT_CLIENT_CREDENTIALS (seed 003)', () => {
  it('creates the root client at start; its token, requested without a scope, opens the protected admin API', async () => {
    const [publicPort, adminPort] = [await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${publicPort}`;
    const adminUrl = `http://127.0.0.1:${adminPort}`;
    const server = spawnTessera(['serve', 'all', '--dangerous-force-http', '--dangerous-auto-logon', '--disable-telemetry'], {
      SERVE_PUBLIC_PORT: String(publicPort),
      SERVE_ADMIN_PORT: String(adminPort),
      SERVE_PUBLIC_HOST: '127.0.0.1',
      SERVE_ADMIN_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DSN: 'memory',
      SECRETS_SYSTEM: SECRET,
      ISSUER: 'http://auth.example.com:9000/',
      CONSENT_URL: 'http://localhost:3000/consent',
      FORCE_ROOT_CLIENT_CREDENTIALS: 'admin:admin-password',
      SERVE_ADMIN_AUTH_ENABLED: 'true',
      // Hydra's own option: a request without scope is granted the client's scopes (hydra.admin).
      OAUTH2_CLIENT_CREDENTIALS_DEFAULT_GRANT_ALLOWED_SCOPE: 'true',
    });
    try {
      // Two RSA-4096 signing keys are generated at first start: slow on a loaded machine.
      await server.waitFor(`${adminUrl}/health/alive`, 90_000);
      const discovery = (await (await fetch(`${publicUrl}/.well-known/openid-configuration`)).json()) as { issuer: string };
      assert.equal(discovery.issuer, 'http://auth.example.com:9000/');
      const issued = await fetch(`${publicUrl}/oauth2/token`, { method: 'POST', headers: { ...FORM, authorization: basic }, body: 'grant_type=client_credentials' });
      assert.equal(issued.status, 200, server.output());
      const token = (await issued.json()) as { access_token: string; token_type: string; expires_in: number; scope: string };
      assert.equal(token.token_type, 'bearer');
      assert.equal(token.scope, 'hydra.admin');
      assert.ok(token.expires_in > 3590);
      assert.equal((await fetch(`${adminUrl}/clients`)).status, 401);
      const clients = await fetch(`${adminUrl}/clients`, { headers: { authorization: `bearer ${token.access_token}` } });
      assert.equal(clients.status, 200);
      assert.deepEqual(((await clients.json()) as Array<{ client_id: string }>).map((c) => c.client_id), ['admin']);

      // `hydra token client` with the root credentials, then the v1 CLI with that token.
      const cli = await runCli(['token', 'client', '--endpoint', publicUrl, '--client-id', 'admin', '--client-secret', 'admin-password', '--scope', 'hydra.admin']);
      assert.equal(cli.code, 0, cli.stderr);
      const created = await runCli(
        ['clients', 'create', '--endpoint', adminUrl, '--id', 'consent-app', '--secret', 'consent-secret', '--grant-types', 'client_credentials', '--response-types', 'token', '--scope', 'hydra.consent'],
        { env: { HYDRA_ADMIN_TOKEN: cli.stdout.trim() } },
      );
      assert.equal(created.code, 0, created.stderr);
      assert.ok(!server.output().includes('admin-password'), 'the secret is never logged');
    } finally {
      assert.equal((await server.stop('SIGTERM')).code, 0, server.output());
    }
  });

  it('refuses to start with malformed credentials, saying what form they take', async () => {
    const result = await runTessera(['serve', 'all'], {
      DSN: 'memory', SECRETS_SYSTEM: SECRET, SERVE_PUBLIC_PORT: '0', SERVE_ADMIN_PORT: '0', FORCE_ROOT_CLIENT_CREDENTIALS: 'admin-without-secret',
    });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /FORCE_ROOT_CLIENT_CREDENTIALS must have the form "id:secret"/);
    assert.ok(!hasStackTrace(result.stderr), result.stderr);
  });
});
