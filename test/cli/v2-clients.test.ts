/** The v2 command tree for clients (`hydra create oauth2-client`, ...) through the built CLI. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startTestServer, type TestServer } from '../support/server.js';
import { runCli, type RunOptions } from './cli-runner.js';

/** Reads Hydra's vertical table (`HEADER<tabs>value<tabs>`) into an object. */
function readRow(stdout: string): Record<string, string> {
  return Object.fromEntries(stdout.trimEnd().split('\n').map((line) => line.split(/\t+/).slice(0, 2) as [string, string]));
}

describe('v2 oauth2-client commands', () => {
  let server: TestServer;
  let dir: string;
  const cli = (args: string[], options: RunOptions = {}) => runCli([...args, '-e', `${server.adminUrl}/`], options);
  before(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'tessera-v2-'));
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a client and prints it as a table with the one-time secret', async () => {
    const result = await cli(
      ['create', 'oauth2-client', '--id', 'v2-table', '--name', 'table', '-g', 'authorization_code', '--grant-type', 'refresh_token',
        '-r', 'code', '--scope', 'openid,offline', '--scope', 'email', '--audience', 'api', '--redirect-uri', 'http://127.0.0.1:5555/cb',
        '--post-logout-callback', 'http://127.0.0.1:5555/bye', '--token-endpoint-auth-method', 'client_secret_post', '--skip-consent',
        '--metadata', '{"team":"a"}', '--owner', 'me', '--contact', 'a@example.com', '--client-uri', 'https://example.com'],
      { as: 'hydra' },
    );
    assert.equal(result.code, 0, result.stderr);
    const row = readRow(result.stdout);
    assert.equal(row['CLIENT ID'], 'v2-table');
    assert.ok(row['CLIENT SECRET'] && row['CLIENT SECRET'].length >= 6, 'the generated secret is printed');
    assert.equal(row['GRANT TYPES'], 'authorization_code, refresh_token');
    assert.equal(row['SCOPE'], 'openid offline email');
    assert.equal(row['AUDIENCE'], 'api');
    assert.equal(row['REDIRECT URIS'], 'http://127.0.0.1:5555/cb');
  });

  it('creates with --format json, json-pretty and yaml', async () => {
    const json = await cli(['create', 'client', '--format', 'json', '--secret', 'given-secret', '-g', 'client_credentials']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stdout.trim().split('\n').length, 1);
    const created = JSON.parse(json.stdout);
    assert.equal(created.client_secret, 'given-secret');
    assert.deepEqual(created.grant_types, ['client_credentials']);

    const pretty = await cli(['create', 'client', '--format', 'json-pretty', '--id', 'v2-pretty']);
    assert.equal(pretty.code, 0, pretty.stderr);
    assert.match(pretty.stdout, /^\{\n {2}"/);
    assert.equal(JSON.parse(pretty.stdout).client_id, 'v2-pretty');

    const yaml = await cli(['create', 'client', '--format', 'yaml', '--id', 'v2-yaml', '--name', 'yaml client']);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.equal(parseYaml(yaml.stdout).client_name, 'yaml client');
  });

  it('creates from --file and from stdin', async () => {
    const file = join(dir, 'client.json');
    writeFileSync(file, JSON.stringify({ client_id: 'v2-file', client_name: 'from file', grant_types: ['client_credentials'] }));
    const fromFile = await cli(['create', 'client', '--file', file, '--format', 'json']);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.equal(JSON.parse(fromFile.stdout).client_name, 'from file');
    const fromStdin = await cli(['create', 'client', '--file', '-', '-q'], { input: JSON.stringify({ client_id: 'v2-stdin' }) });
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    assert.equal(fromStdin.stdout, 'v2-stdin\n');
  });

  it('gets one client as a row and several as a table', async () => {
    const one = await cli(['get', 'oauth2-client', 'v2-table', '--format', 'json']);
    assert.equal(one.code, 0, one.stderr);
    const client = JSON.parse(one.stdout);
    assert.equal(client.client_name, 'table');
    assert.equal(client.skip_consent, true);
    assert.deepEqual(client.metadata, { team: 'a' });
    assert.equal(client.client_secret, undefined);
    assert.equal(readRow((await cli(['get', 'client', 'v2-table'])).stdout)['CLIENT SECRET'], '');

    const two = await cli(['get', 'oauth2-client', 'v2-table', 'v2-pretty']);
    assert.equal(two.code, 0, two.stderr);
    const lines = two.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^CLIENT ID\t+CLIENT SECRET\t+GRANT TYPES\t+RESPONSE TYPES\t+SCOPE\t+AUDIENCE\t+REDIRECT URIS\t+$/);
    assert.deepEqual(lines.slice(1).map((line) => line.split('\t')[0]), ['v2-table', 'v2-pretty']);
    const array = JSON.parse((await cli(['get', 'clients', 'v2-table', 'v2-pretty', '--format', 'json'])).stdout);
    assert.equal(array.length, 2);
  });

  it('lists clients page by page', async () => {
    const first = await cli(['list', 'oauth2-clients', '--page-size', '2', '--format', 'json']);
    assert.equal(first.code, 0, first.stderr);
    const page = JSON.parse(first.stdout);
    assert.equal(page.items.length, 2);
    assert.equal(page.is_last_page, false);
    assert.ok(page.next_page_token);
    const next = await cli(['list', 'clients', '--page-size', '2', '--page-token', page.next_page_token, '--format', 'json']);
    assert.equal(next.code, 0, next.stderr);
    const ids = JSON.parse(next.stdout).items.map((c: { client_id: string }) => c.client_id);
    assert.ok(ids.length > 0 && !ids.includes(page.items[0].client_id), ids.join());

    const table = await cli(['list', 'clients']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^CLIENT ID\t/);
    assert.match(table.stdout, /^IS LAST PAGE\t+true\t$/m);
  });

  it('updates only the fields given, or replaces the client from --file', async () => {
    const update = await cli(['update', 'oauth2-client', 'v2-table', '--name', 'renamed', '--scope', 'openid', '--format', 'json']);
    assert.equal(update.code, 0, update.stderr);
    const updated = JSON.parse(update.stdout);
    assert.equal(updated.client_name, 'renamed');
    assert.equal(updated.scope, 'openid');
    assert.deepEqual(updated.redirect_uris, ['http://127.0.0.1:5555/cb'], 'untouched fields keep their values');
    assert.equal(updated.token_endpoint_auth_method, 'client_secret_post');

    const replace = await cli(['update', 'client', 'v2-pretty', '--file', '-', '--format', 'json'], {
      input: JSON.stringify({ client_name: 'replaced', grant_types: ['client_credentials'] }),
    });
    assert.equal(replace.code, 0, replace.stderr);
    assert.equal(JSON.parse(replace.stdout).client_name, 'replaced');
  });

  it('imports clients from files and stdin', async () => {
    const file = join(dir, 'clients.json');
    writeFileSync(file, JSON.stringify([{ client_id: 'v2-import-a' }, { client_id: 'v2-import-b', client_secret: 'import-secret' }]));
    const result = await cli(['import', 'oauth2-client', file, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const imported = JSON.parse(result.stdout);
    assert.deepEqual(imported.map((c: { client_id: string }) => c.client_id).sort(), ['v2-import-a', 'v2-import-b']);
    assert.equal(imported.find((c: { client_id: string }) => c.client_id === 'v2-import-b').client_secret, 'import-secret');
    const stdin = await cli(['import', 'clients'], { input: '[{"client_id":"v2-import-c"}]' });
    assert.equal(stdin.code, 0, stdin.stderr);
    assert.match(stdin.stdout, /^CLIENT ID\t+v2-import-c\t/);
  });

  it('rotates a client secret (the old one keeps working) and deletes the rotated ones (Tessera; Hydra has the routes only)', async () => {
    const tokenWith = (secret: string) =>
      fetch(`${server.publicUrl}/oauth2/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`v2-rotate:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      }).then((response) => response.status);
    assert.equal((await cli(['create', 'client', '--id', 'v2-rotate', '--secret', 'first-secret-of-v2-rotate', '-g', 'client_credentials'])).code, 0);
    const rotated = await cli(['rotate', 'oauth2-client-secret', 'v2-rotate', '--format', 'json']);
    assert.equal(rotated.code, 0, rotated.stderr);
    const secret = JSON.parse(rotated.stdout).client_secret as string;
    assert.ok(secret && secret !== 'first-secret-of-v2-rotate', 'the new secret is printed once');
    assert.deepEqual([await tokenWith('first-secret-of-v2-rotate'), await tokenWith(secret)], [200, 200]);
    const deleted = await cli(['delete', 'oauth2-client-rotated-secrets', 'v2-rotate']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /^CLIENT ID\t+v2-rotate\t/);
    assert.deepEqual([await tokenWith('first-secret-of-v2-rotate'), await tokenWith(secret)], [401, 200]);
    assert.notEqual((await cli(['rotate', 'client-secret', 'no-such-client'])).code, 0);
  });

  it('deletes clients and prints their IDs', async () => {
    const one = await cli(['delete', 'oauth2-client', 'v2-import-c']);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.stdout, 'ID\tv2-import-c\t\n');
    const many = await cli(['delete', 'clients', 'v2-import-a', 'v2-import-b', '--format', 'json']);
    assert.equal(many.code, 0, many.stderr);
    assert.deepEqual(JSON.parse(many.stdout), ['v2-import-a', 'v2-import-b']);
    assert.notEqual((await cli(['get', 'client', 'v2-import-a'])).code, 0);
  });
});
