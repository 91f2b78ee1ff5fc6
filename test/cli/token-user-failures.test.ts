/**
 * The example OAuth 2.0 client when the flow fails: a callback whose state this process did not
 * issue (CSRF, RFC 6749 §10.12), the user denying access (the server's access_denied), and
 * command lines that cannot work. Each ends with a clear message, an error page where there is a
 * page, and a non-zero exit.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { hasStackTrace, runCli } from './cli-runner.js';
import { startCli, waitForHome } from './cli-process.js';
import { authorize, authorizeLink, startFixture, type Fixture } from './example-client-fixture.js';

describe('the example client when the flow fails', () => {
  let fx: Fixture;
  before(async () => {
    fx = await startFixture();
  });
  after(async () => {
    await fx?.close();
  });

  it('refuses a forged state with an error page and a non-zero exit, before touching the code', async () => {
    const port = fx.nextPort();
    const cli = startCli(fx.v2Args(port));
    await waitForHome(cli, `http://127.0.0.1:${port}/`);
    // DNS rebinding: another origin's name pointed at 127.0.0.1 reads nothing.
    const rebound = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject).end();
    });
    assert.equal(rebound, 421);
    const response = await fetch(`http://127.0.0.1:${port}/callback?state=forged&code=stolen`);
    const body = await response.text();
    assert.equal(response.status, 500);
    assert.match(body, /States do not match/);
    const result = await cli.exited;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /States do not match\. Expected "[a-z]{24}", got "forged"\./);
    assert.doesNotMatch(result.stderr, /exchange/);
    assert.equal(result.stdout, '', 'no token was printed');
  });

  it('turns a form_post callback into the same checked GET, so a forged state fails there too', async () => {
    const port = fx.nextPort();
    const cli = startCli(fx.v2Args(port, '--response-mode', 'form_post'));
    const home = await waitForHome(cli, `http://127.0.0.1:${port}/`);
    assert.match(authorizeLink(home), /response_mode=form_post/);
    const posted = await fetch(`http://127.0.0.1:${port}/callback`, {
      method: 'POST',
      body: new URLSearchParams({ state: 'forged', code: 'stolen' }),
      redirect: 'manual',
    });
    assert.equal(posted.status, 302);
    assert.equal(posted.headers.get('location'), '/callback?state=forged&code=stolen');
    const followed = await fetch(`http://127.0.0.1:${port}/callback?state=forged&code=stolen`);
    assert.equal(followed.status, 500);
    assert.equal((await cli.exited).code, 1);
  });

  it('shows the server\'s access_denied on an error page and exits non-zero', async () => {
    const port = fx.nextPort();
    fx.responder.mode = 'deny';
    try {
      const cli = startCli(fx.v1Args(port));
      const callback = await authorize(cli, port);
      assert.equal(callback.status, 500);
      assert.match(callback.body, /<h2>access_denied<\/h2>/);
      const result = await cli.exited;
      assert.equal(result.code, 1);
      assert.match(result.stdout, /Got error: The resource owner denied the request/);
      assert.doesNotMatch(result.stdout, /Access Token:/);
    } finally {
      fx.responder.mode = 'accept';
    }
  });

  it('shows a refused code exchange on an error page', async () => {
    const port = fx.nextPort();
    const cli = startCli([...fx.v1Args(port), '--client-secret', 'wrong']);
    const callback = await authorize(cli, port);
    assert.equal(callback.status, 500);
    assert.match(callback.body, /invalid_client/);
    const result = await cli.exited;
    assert.equal(result.code, 1);
    assert.match(result.stdout, /Unable to exchange code for token: oauth2: "invalid_client"/);
  });

  it('names what is missing or unsupported, without a stack trace', async () => {
    const { publicUrl } = fx.server;
    const noClient = await runCli(['perform', 'authorization-code', '-e', publicUrl, '--no-open'], { env: { OAUTH2_CLIENT_ID: '' } });
    assert.notEqual(noClient.code, 0);
    assert.match(noClient.stderr, /Please provide a Client ID using --client-id flag, or OAUTH2_CLIENT_ID/);
    const https = await runCli(['token', 'user', '--endpoint', publicUrl, '--client-id', 'x', '--https', '--no-open']);
    assert.notEqual(https.code, 0);
    assert.match(https.stderr, /--https is not supported/);
    const noEndpoint = await runCli(['perform', 'authorization-code', '--client-id', 'x', '--no-open']);
    assert.notEqual(noEndpoint.code, 0);
    assert.match(noEndpoint.stderr, /public API.*`ORY_SDK_URL`/);
    const busy = await runCli(['token', 'user', '--endpoint', publicUrl, '--client-id', 'x', '--no-open', '-p', String(new URL(publicUrl).port)]);
    assert.notEqual(busy.code, 0);
    assert.match(busy.stderr, /port is in use/);
    for (const result of [noClient, https, noEndpoint, busy]) assert.ok(!hasStackTrace(result.stderr), result.stderr);
  });
});
