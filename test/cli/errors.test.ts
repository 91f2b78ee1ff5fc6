/**
 * How the CLI fails: the server's error on stderr and a non-zero exit for a refused request, the
 * URL for an unreachable server, a clear sentence for a missing endpoint; never a stack trace.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startTestServer, type TestServer } from '../support/server.js';
import { hasStackTrace, runCli } from './cli-runner.js';

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('CLI failures', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  it('prints the server error for a duplicate client ID (v2 and v1) and exits non-zero', async () => {
    const args = ['--id', 'duplicate', '--secret', 'duplicate-secret', '-g', 'client_credentials'];
    const first = await runCli(['create', 'oauth2-client', ...args, '-e', server.adminUrl]);
    assert.equal(first.code, 0, first.stderr);

    const v2 = await runCli(['create', 'oauth2-client', ...args, '-e', server.adminUrl]);
    assert.notEqual(v2.code, 0);
    assert.equal(v2.stdout, '');
    const body = JSON.parse(v2.stderr.slice(0, v2.stderr.lastIndexOf('}') + 1));
    assert.equal(typeof body.error, 'string');
    assert.equal(typeof body.error_description, 'string');
    assert.match(v2.stderr, /Failed to execute API request, see error above\.\n$/);
    assert.ok(!v2.stderr.includes('duplicate-secret'), 'the secret is not echoed in the error');
    assert.ok(!hasStackTrace(v2.stderr), v2.stderr);

    const v1 = await runCli(['clients', 'create', ...args, '--endpoint', server.adminUrl], { as: 'hydra' });
    assert.notEqual(v1.code, 0);
    assert.match(v1.stderr, /^The request failed with the following error message:\n\{\n {2}"error": "/);
    assert.ok(!hasStackTrace(v1.stderr), v1.stderr);
  });

  it('prints the server error for an unknown client', async () => {
    const result = await runCli(['get', 'oauth2-client', 'no-such-client', '-e', server.adminUrl]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /"error"/);
    assert.ok(!hasStackTrace(result.stderr), result.stderr);
  });

  it('names the URL it could not reach', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    for (const args of [['get', 'oauth2-client', 'x', '-e', endpoint], ['clients', 'list', '--endpoint', endpoint], ['keys', 'get', 'set', '--endpoint', endpoint]]) {
      const result = await runCli(args);
      assert.notEqual(result.code, 0, args.join(' '));
      assert.ok(result.stderr.includes(`Could not reach ${endpoint}/admin/`), result.stderr);
      assert.ok(!hasStackTrace(result.stderr), result.stderr);
    }
  });

  it('says how to set the endpoint when there is none', async () => {
    for (const args of [['list', 'oauth2-clients'], ['clients', 'get', 'x'], ['create', 'jwk', 'set']]) {
      const result = await runCli(args);
      assert.notEqual(result.code, 0, args.join(' '));
      assert.match(result.stderr, /--endpoint/);
      assert.match(result.stderr, /ORY_SDK_URL/);
      assert.match(result.stderr, /HYDRA_ADMIN_URL/);
      assert.ok(!hasStackTrace(result.stderr), result.stderr);
    }
  });

  it('refuses bad flags with a message', async () => {
    const format = await runCli(['get', 'client', 'x', '--format', 'xml', '-e', server.adminUrl]);
    assert.notEqual(format.code, 0);
    assert.match(format.stderr, /Unknown output format "xml"/);
    const header = await runCli(['get', 'client', 'x', '-H', 'no-colon', '-e', server.adminUrl]);
    assert.notEqual(header.code, 0);
    assert.match(header.stderr, /--http-header/);
    const metadata = await runCli(['create', 'client', '--metadata', '{not json', '-e', server.adminUrl]);
    assert.notEqual(metadata.code, 0);
    assert.match(metadata.stderr, /--metadata is not valid JSON/);
  });
});
