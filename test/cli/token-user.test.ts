/**
 * The example OAuth 2.0 client of the seed guide, v1 `token user` and v2 `perform
 * authorization-code`, run as a process against a real Tessera: the flows that end with tokens.
 * The failures (forged state, access_denied, bad flags) are in ./token-user-failures.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startCli, waitForHome } from './cli-process.js';
import { authorize, authorizeLink, SECRET, startFixture, type Fixture } from './example-client-fixture.js';

describe('the example client: token user and perform authorization-code', () => {
  let fx: Fixture;
  before(async () => {
    fx = await startFixture();
  });
  after(async () => {
    await fx?.close();
  });

  it('v1 token user: the seed guide\'s flow ends with access, refresh and ID tokens, printed and shown', async () => {
    const port = fx.nextPort();
    const cli = startCli(fx.v1Args(port));
    const link = new URL(authorizeLink(await waitForHome(cli, `http://127.0.0.1:${port}/`)));
    assert.equal(link.searchParams.get('code_challenge_method'), 'S256');
    assert.match(link.searchParams.get('code_challenge')!, /^[\w-]{43}$/);
    assert.match(link.searchParams.get('state')!, /^[a-z]{24}$/);
    assert.match(link.searchParams.get('nonce')!, /^[a-z]{24}$/);
    assert.equal(link.searchParams.get('scope'), 'openid offline');
    const callback = await authorize(cli, port);
    assert.equal(callback.status, 200, callback.body);
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.ok(result.stdout.startsWith(`Setting up home route on http://127.0.0.1:${port}/\n`), result.stdout);
    assert.match(result.stdout, new RegExp(`Setting up callback listener on http://127\\.0\\.0\\.1:${port}/callback\n`));
    assert.match(result.stdout, /Press ctrl \+ c on Linux \/ Windows or cmd \+ c on OSX to end the process\.\n/);
    assert.match(result.stdout, new RegExp(`If your browser does not open automatically, navigate to:\n\n\thttp://127\\.0\\.0\\.1:${port}/\n`));
    const tokens =
      /Access Token:\n\t(ory_at_\S+)\nRefresh Token:\n\t(ory_rt_\S+)\nExpires in:\n\t\w{3}, \d\d \w{3} \d{4} [\d:]{8} UTC\nID Token:\n\t(eyJ\S+)\n\n$/.exec(result.stdout);
    assert.ok(tokens, result.stdout);
    for (const token of tokens.slice(1)) assert.ok(callback.body.includes(token), 'the page shows every printed token');
    assert.match(callback.body, /ID Token Claims/);
    assert.match(callback.body, /&#34;sub&#34;: &#34;foo@bar.com&#34;/);
  });

  it('v2 perform authorization-code: defaults from -e, progress on stderr, the token row on stdout', async () => {
    const port = fx.nextPort();
    const cli = startCli(fx.v2Args(port, '--format', 'json'));
    const callback = await authorize(cli, port);
    assert.equal(callback.status, 200, callback.body);
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`Setting up callback listener on http://127\\.0\\.0\\.1:${port}/callback\n`));
    const token = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.match(String(token.access_token), /^ory_at_/);
    assert.match(String(token.refresh_token), /^ory_rt_/);
    assert.equal(token.token_type, 'bearer');
  });

  it('falls back to client_secret_post as golang.org/x/oauth2 does (and takes v0.9\'s --id/--secret/--scopes)', async () => {
    const port = fx.nextPort();
    const args = fx.v1Args(port).filter((arg, i, all) => ![arg, all[i - 1]].some((a) => a === '--client-id' || a === '--client-secret' || a === '--scope'));
    const cli = startCli([...args, '--id', 'post-consumer', '--secret', SECRET, '--scopes', 'openid']);
    const callback = await authorize(cli, port);
    assert.equal(callback.status, 200, callback.body);
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Access Token:\n\tory_at_\S+\nRefresh Token:\n\t\nExpires in:[^]*ID Token:\n\teyJ/, 'openid alone: no refresh token');
  });

  it('with --no-shutdown, escapes what the callback carries and starts each flow afresh', async () => {
    const port = fx.nextPort();
    const home = `http://127.0.0.1:${port}/`;
    const cli = startCli(fx.v2Args(port, '--no-shutdown'));
    try {
      const firstLink = authorizeLink(await waitForHome(cli, home));
      const evil = await fetch(`${home}callback?error=%3Cscript%3Ealert(1)%3C/script%3E`);
      const body = await evil.text();
      assert.equal(evil.status, 500);
      assert.ok(!body.includes('<script>'), body);
      assert.match(body, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
      assert.match(evil.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      const callback = await authorize(cli, port);
      assert.equal(callback.status, 200, callback.body);
      assert.match(callback.body, /Back to the welcome page/);
      assert.notEqual(firstLink, authorizeLink(await waitForHome(cli, home)), 'state, nonce and verifier are redrawn');
      assert.equal(cli.child.exitCode, null, 'still running');
      assert.match(cli.output(), /ACCESS TOKEN\s+ory_at_/);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });
});
