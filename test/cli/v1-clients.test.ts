/** The v1 syntax of the guides (`hydra clients ...`), against a real server, through the built CLI. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../support/server.js';
import { hasStackTrace, runCli } from './cli-runner.js';

describe('v1 clients commands', () => {
  let server: TestServer;
  let endpoint: string;
  let dir: string;
  before(async () => {
    server = await startTestServer();
    endpoint = `${server.adminUrl}/`;
    dir = mkdtempSync(join(tmpdir(), 'tessera-v1-'));
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a client exactly as seed 001 shows', async () => {
    const result = await runCli(
      [
        'clients', 'create',
        '--endpoint', endpoint,
        '--id', 'another-consumer',
        '--secret', 'consumer-secret',
        '-g', 'authorization_code,refresh_token',
        '-r', 'token,code,id_token',
        '--scope', 'openid,offline',
        '--callbacks', 'http://127.0.0.1:9010/callback',
      ],
      { as: 'hydra' },
    );
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'Client ID: another-consumer\nClient Secret: consumer-secret\n');
  });

  it('creates the client-credentials client of seed 001, endpoint from HYDRA_ADMIN_URL', async () => {
    const result = await runCli(
      ['clients', 'create', '--id', 'some-consumer', '--secret', 'some-secret', '--grant-types', 'client_credentials', '--response-types', 'token,code'],
      { env: { HYDRA_ADMIN_URL: server.adminUrl } },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'Client ID: some-consumer\nClient Secret: some-secret\n');
  });

  it('prints the generated secret once when none is given', async () => {
    const result = await runCli(['clients', 'create', '--endpoint', endpoint, '-n', 'generated', '-g', 'client_credentials']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Client ID: \S+\nClient Secret: \S+\n$/);
  });

  it('gets a client as tab-indented JSON with the flags applied', async () => {
    const result = await runCli(['clients', 'get', 'another-consumer', '--endpoint', endpoint]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\{\n\t"/);
    const client = JSON.parse(result.stdout);
    assert.equal(client.client_id, 'another-consumer');
    assert.deepEqual(client.grant_types, ['authorization_code', 'refresh_token']);
    assert.deepEqual(client.response_types, ['token', 'code', 'id_token']);
    assert.equal(client.scope, 'openid offline');
    assert.deepEqual(client.redirect_uris, ['http://127.0.0.1:9010/callback']);
    assert.equal(client.client_secret, undefined, 'the secret is never shown again');
  });

  it('lists clients as JSON', async () => {
    const result = await runCli(['clients', 'list', '--endpoint', endpoint]);
    assert.equal(result.code, 0, result.stderr);
    const ids = (JSON.parse(result.stdout) as Array<{ client_id: string }>).map((c) => c.client_id);
    assert.ok(ids.includes('another-consumer') && ids.includes('some-consumer'), ids.join());
    const second = await runCli(['clients', 'list', '--endpoint', endpoint, '--limit', '1', '--page', '2']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(JSON.parse(second.stdout).length, 1);
  });

  it('updates a client, replacing it with the flags', async () => {
    const result = await runCli(['clients', 'update', 'some-consumer', '--endpoint', endpoint, '-g', 'client_credentials', '-a', 'read,write', '-n', 'renamed']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'some-consumer OAuth 2.0 Client updated\n');
    const client = JSON.parse((await runCli(['clients', 'get', 'some-consumer', '--endpoint', endpoint])).stdout);
    assert.equal(client.client_name, 'renamed');
    assert.equal(client.scope, 'read write');
  });

  it('imports a client from a file', async () => {
    const file = join(dir, 'client.json');
    writeFileSync(file, JSON.stringify({ client_id: 'imported-v1', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post' }));
    const result = await runCli(['clients', 'import', file, '--endpoint', endpoint]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Imported OAuth 2.0 Client imported-v1:\\S+ from: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n$`));
  });

  it('deletes clients', async () => {
    const result = await runCli(['clients', 'delete', 'some-consumer', 'imported-v1', '--endpoint', endpoint]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'OAuth 2.0 Client(s) deleted\n');
    const gone = await runCli(['clients', 'get', 'some-consumer', '--endpoint', endpoint]);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /The request failed with the following error message:\n\{/);
    assert.ok(!hasStackTrace(gone.stderr), gone.stderr);
  });
});
