/**
 * Seed 001, "Performing the OAuth2 Client Credentials Flow", command by command through the built
 * CLI in Hydra's v1 syntax, then the other v1 token commands (revoke, delete) and their failures.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { hasStackTrace, runCli } from './cli-runner.js';

const OPAQUE_TOKEN = /^ory_at_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

describe('v1 token commands (seed 001, client credentials)', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  const issue = async (): Promise<string> => {
    const result = await runCli(['token', 'client', '--client-id', 'some-consumer', '--client-secret', 'some-secret', '--endpoint', server.publicUrl]);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout.trim();
  };
  const introspect = async (value: string): Promise<Record<string, unknown>> => {
    const result = await runCli(['token', 'introspect', '--endpoint', server.adminUrl, value]);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  it('creates the OAuth2 client as the guide does', async () => {
    const result = await runCli(
      [
        'clients', 'create',
        '--endpoint', server.adminUrl,
        '--id', 'some-consumer',
        '--secret', 'some-secret',
        '--grant-types', 'client_credentials',
        '--response-types', 'token,code',
      ],
      { as: 'hydra' },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'Client ID: some-consumer\nClient Secret: some-secret\n');
  });

  it('issues an access token and prints it alone on one line', async () => {
    const result = await runCli(
      ['token', 'client', '--client-id', 'some-consumer', '--client-secret', 'some-secret', '--endpoint', server.publicUrl],
      { as: 'hydra' },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^ory_at_\S+\n$/);
    token = result.stdout.slice(0, -1);
    assert.match(token, OPAQUE_TOKEN);
  });

  it('validates the token: introspection JSON indented with tabs, the guide fields in its order', async () => {
    const result = await runCli(
      ['token', 'introspect', '--client-id', 'some-consumer', '--client-secret', 'some-secret', '--endpoint', server.adminUrl, token],
      { as: 'hydra' },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.startsWith('{\n\t"active": true,\n'), result.stdout);
    assert.ok(result.stdout.endsWith('\n}\n'));
    const body = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(body.active, true);
    assert.equal(body.client_id, 'some-consumer');
    assert.equal(body.sub, 'some-consumer');
    assert.equal(body.iss, `${server.publicUrl}/`);
    assert.equal(typeof body.token_type, 'string');
    const now = Math.floor(Date.now() / 1000);
    assert.ok(Math.abs((body.iat as number) - now) < 60, 'iat is now');
    assert.ok((body.exp as number) > (body.iat as number), 'exp follows iat');
    const guideOrder = ['active', 'client_id', 'exp', 'iat', 'iss', 'sub', 'token_type'];
    const printed = Object.keys(body).filter((key) => guideOrder.includes(key));
    assert.deepEqual(printed, guideOrder);
    // The credentials flags are accepted, as the guide passes them, but do nothing (v1.8+).
    assert.match(result.stderr, /deprecated/);
    assert.ok(!hasStackTrace(result.stderr));
  });

  it('reads the endpoints from HYDRA_URL and HYDRA_ADMIN_URL, the credentials from OAUTH2_CLIENT_*', async () => {
    const credentials = { OAUTH2_CLIENT_ID: 'some-consumer', OAUTH2_CLIENT_SECRET: 'some-secret' };
    const issued = await runCli(['token', 'client'], { env: { HYDRA_URL: server.publicUrl, ...credentials } });
    assert.equal(issued.code, 0, issued.stderr);
    const introspected = await runCli(['token', 'introspect', issued.stdout.trim()], { env: { HYDRA_ADMIN_URL: `${server.adminUrl}/` } });
    assert.equal(introspected.code, 0, introspected.stderr);
    assert.equal(JSON.parse(introspected.stdout).active, true);
    assert.equal(introspected.stderr, '');
  });

  it('revokes a token, after which introspection says inactive', async () => {
    const value = await issue();
    const result = await runCli(['token', 'revoke', '--client-id', 'some-consumer', '--client-secret', 'some-secret', '--endpoint', server.publicUrl, value]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `Revoked OAuth 2.0 Access Token: ${value}\n`);
    assert.deepEqual(await introspect(value), { active: false });
    assert.equal((await introspect(token)).active, true, 'other tokens stay active');
  });

  it('deletes every access token of a client', async () => {
    const value = await issue();
    const result = await runCli(['token', 'delete', '--client-id', 'some-consumer', '--endpoint', server.adminUrl]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'Successfully deleted access tokens for client some-consumer\n');
    assert.deepEqual(await introspect(value), { active: false });
    assert.deepEqual(await introspect(token), { active: false });
  });

  it('prints the server OAuth error for a wrong secret, without a stack trace', async () => {
    const result = await runCli(['token', 'client', '--client-id', 'some-consumer', '--client-secret', 'wrong', '--endpoint', server.publicUrl]);
    assert.notEqual(result.code, 0);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^Could not retrieve access token because: oauth2: "invalid_client" ".*client secret did not match/);
    assert.ok(!hasStackTrace(result.stderr), result.stderr);

    const revoke = await runCli(['token', 'revoke', '--client-id', 'some-consumer', '--client-secret', 'wrong', '--endpoint', server.publicUrl, 'x']);
    assert.notEqual(revoke.code, 0);
    assert.match(revoke.stderr, /^The request failed with the following error message:\n\{[\s\S]*"error": "invalid_client"/);
  });

  it('explains missing flags and the removed flush endpoint', async () => {
    const noSecret = await runCli(['token', 'client', '--client-id', 'some-consumer', '--endpoint', server.publicUrl], {
      env: { OAUTH2_CLIENT_SECRET: '' },
    });
    assert.notEqual(noSecret.code, 0);
    assert.match(noSecret.stderr, /--client-id and --client-secret, or environment variables OAUTH2_CLIENT_ID and OAUTH2_CLIENT_SECRET/);
    const noEndpoint = await runCli(['token', 'client', '--client-id', 'a', '--client-secret', 'b']);
    assert.notEqual(noEndpoint.code, 0);
    assert.match(noEndpoint.stderr, /public API.*`HYDRA_URL`/);
    const noClient = await runCli(['token', 'delete', '--endpoint', server.adminUrl], { env: { OAUTH2_CLIENT_ID: '' } });
    assert.notEqual(noClient.code, 0);
    assert.match(noClient.stderr, /Please provide a Client ID using flags --client-id/);
    const flush = await runCli(['token', 'flush', '--min-age', '1h']);
    assert.notEqual(flush.code, 0);
    assert.match(flush.stderr, /janitor --tokens/);
  });
});
