/**
 * Hydra v2's token commands through the built CLI: `perform client-credentials` (public API),
 * `introspect token` and `delete access-tokens` (admin API), `revoke token` (public API), in the
 * table and json formats, with Hydra's flags, environment variables and failure messages.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { hasStackTrace, runCli, type RunOptions } from './cli-runner.js';

/** Go prints times in the local zone; UTC makes the table output exact. */
const UTC: RunOptions = { env: { TZ: 'UTC' } };
const GO_TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC`;

describe('v2 token commands', () => {
  let server: TestServer;
  let pub: string[];
  let admin: string[];
  const credentials = ['--client-id', 'cc-client', '--client-secret', 'cc secret:+%'];
  before(async () => {
    server = await startTestServer();
    pub = ['-e', server.publicUrl];
    admin = ['-e', server.adminUrl];
    for (const [id, method] of [['cc-client', 'client_secret_basic'], ['post-client', 'client_secret_post']]) {
      const created = await runCli([
        'create', 'oauth2-client', ...admin, '--format', 'json', '--id', id!, '--secret', 'cc secret:+%',
        '--grant-type', 'client_credentials', '--scope', 'read,write', '--audience', 'https://api.example',
        '--token-endpoint-auth-method', method!,
      ]);
      assert.equal(created.code, 0, created.stderr);
    }
  });
  after(async () => {
    await server?.close();
  });

  const perform = async (...extra: string[]): Promise<Record<string, any>> => {
    const result = await runCli(['perform', 'client-credentials', ...pub, ...credentials, '--format', 'json', ...extra]);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Record<string, any>;
  };
  const introspect = async (token: string, ...extra: string[]): Promise<Record<string, any>> => {
    const result = await runCli(['introspect', 'token', ...admin, '--format', 'json', token, ...extra]);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Record<string, any>;
  };

  it('performs the client credentials flow and prints Hydra\'s token table', async () => {
    const result = await runCli(['perform', 'client-credentials', ...pub, ...credentials], UTC);
    assert.equal(result.code, 0, result.stderr);
    const table = new RegExp(
      String.raw`^ACCESS TOKEN\t+ory_at_\S+\t+\nREFRESH TOKEN\t+<empty>\t+\nID TOKEN\t+<empty>\t+\nEXPIRY\t+${GO_TIME}\t+\n$`,
    );
    assert.match(result.stdout, table);
  });

  it('prints the token as golang.org/x/oauth2 encodes it with --format json', async () => {
    const before = Date.now();
    const token = await perform();
    assert.match(token.access_token, /^ory_at_/);
    assert.equal(token.token_type, 'bearer');
    assert.equal(typeof token.expires_in, 'number');
    const expiry = Date.parse(token.expiry);
    assert.ok(Math.abs(expiry - (before + token.expires_in * 1000)) < 10_000, token.expiry);
    assert.equal(token.refresh_token, undefined);
    assert.equal(token.id_token, undefined);
  });

  it('requests scope and audience, which introspection reports', async () => {
    const token = await perform('--scope', 'read', '--audience', 'https://api.example');
    const body = await introspect(token.access_token);
    assert.equal(body.active, true);
    assert.equal(body.scope, 'read');
    assert.deepEqual(body.aud, ['https://api.example']);
    assert.equal(body.client_id, 'cc-client');
    assert.deepEqual(Object.keys(body).slice(0, 3), ['active', 'aud', 'client_id']);
    assert.deepEqual(await introspect(token.access_token, '--scope', 'write'), { active: false });
  });

  it('introspects in Hydra\'s table layout', async () => {
    const token = await perform('--scope', 'read,write');
    const result = await runCli(['introspect', 'token', ...admin, token.access_token], UTC);
    assert.equal(result.code, 0, result.stderr);
    const table = new RegExp(
      String.raw`^ACTIVE\t+true\t+\nSUBJECT\t+cc-client\t+\nCLIENT ID\t+cc-client\t+\nSCOPE\t+read write\t+\nEXPIRY\t+${GO_TIME}\t+\nTOKEN USE\t+access_token\t+\n$`,
    );
    assert.match(result.stdout, table);
  });

  it('reads ORY_SDK_URL and OAUTH2_CLIENT_ID/OAUTH2_CLIENT_SECRET', async () => {
    const env = { ORY_SDK_URL: server.publicUrl, OAUTH2_CLIENT_ID: 'cc-client', OAUTH2_CLIENT_SECRET: 'cc secret:+%' };
    const result = await runCli(['perform', 'client-credentials', '--format', 'json'], { env, as: 'hydra' });
    assert.equal(result.code, 0, result.stderr);
    assert.match(JSON.parse(result.stdout).access_token, /^ory_at_/);
  });

  it('authenticates a client_secret_post client as golang.org/x/oauth2 does, by falling back to the body', async () => {
    const ok = await runCli(['perform', 'client-credentials', ...pub, '--client-id', 'post-client', '--client-secret', 'cc secret:+%']);
    assert.equal(ok.code, 0, ok.stderr);
    const wrong = await runCli(['perform', 'client-credentials', ...pub, '--client-id', 'post-client', '--client-secret', 'nope']);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /client secret did not match/, 'the wrong secret is named, not the authentication method');
  });

  it('revokes a token (json prints the token), after which it is inactive', async () => {
    const token = (await perform()).access_token as string;
    const table = await runCli(['revoke', 'token', ...pub, ...credentials, token]);
    assert.equal(table.code, 0, table.stderr);
    assert.equal(table.stdout, `ID\t${token}\t\n`);
    assert.deepEqual(await introspect(token), { active: false });
    const again = await runCli(['revoke', 'token', ...pub, ...credentials, '--format', 'json', token]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, `${JSON.stringify(token)}\n`);
  });

  it('deletes the access tokens of a client', async () => {
    const token = (await perform()).access_token as string;
    const result = await runCli(['delete', 'access-tokens', ...admin, 'cc-client']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'ID\tcc-client\t\n');
    const inactive = await runCli(['introspect', 'token', ...admin, token], UTC);
    assert.match(inactive.stdout, /^ACTIVE\t+false\t+\nSUBJECT\t+\n/);
    const json = await runCli(['delete', 'access-tokens', ...admin, '--format', 'json', 'cc-client']);
    assert.equal(json.stdout, '"cc-client"\n');
  });

  it('fails with the server\'s OAuth error and a non-zero exit, never a stack trace', async () => {
    const wrong = await runCli(['perform', 'client-credentials', ...pub, '--client-id', 'cc-client', '--client-secret', 'wrong']);
    assert.notEqual(wrong.code, 0);
    assert.equal(wrong.stdout, '');
    assert.match(wrong.stderr, /^Could not retrieve access token because: oauth2: "invalid_client" "Client authentication failed.*did not match/);
    const scope = await runCli(['perform', 'client-credentials', ...pub, ...credentials, '--scope', 'admin']);
    assert.notEqual(scope.code, 0);
    assert.match(scope.stderr, /oauth2: "invalid_scope"/);
    const revoke = await runCli(['revoke', 'token', ...pub, '--client-id', 'cc-client', '--client-secret', 'wrong', 'x']);
    assert.notEqual(revoke.code, 0);
    assert.match(revoke.stderr, /"error": "invalid_client"/);
    for (const result of [wrong, scope, revoke]) assert.ok(!hasStackTrace(result.stderr), result.stderr);
  });

  it('names what is missing: credentials, endpoint, or a reachable server', async () => {
    const noEnv = { env: { OAUTH2_CLIENT_ID: '', OAUTH2_CLIENT_SECRET: '' } };
    const noCredentials = await runCli(['perform', 'client-credentials', ...pub], noEnv);
    assert.notEqual(noCredentials.code, 0);
    assert.match(noCredentials.stderr, /Please provide a Client ID and Client Secret/);
    const noEndpoint = await runCli(['revoke', 'token', ...credentials, 'x']);
    assert.notEqual(noEndpoint.code, 0);
    assert.match(noEndpoint.stderr, /public API.*`ORY_SDK_URL`/);
    const unreachable = await runCli(['introspect', 'token', '-e', 'http://127.0.0.1:1', 'x']);
    assert.notEqual(unreachable.code, 0);
    assert.match(unreachable.stderr, /Could not reach http:\/\/127\.0\.0\.1:1\/admin\/oauth2\/introspect/);
    assert.ok(!hasStackTrace(unreachable.stderr));
  });
});
