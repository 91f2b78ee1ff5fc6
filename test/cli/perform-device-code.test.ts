/**
 * `perform device-code` as a process against a real Tessera: it prints where to go and the code,
 * polls while a scripted browser and the official SDK enter the code, log in and consent, then
 * prints the tokens; and it reports a refused consent (access_denied) and a client not registered
 * for the grant, without a stack trace.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../support/create-client.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { Browser, consent, login, query } from '../flow/support.js';
import { startCli, type RunningCli } from './cli-process.js';
import { hasStackTrace, runCli } from './cli-runner.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** The user code the running command printed, once it has. */
async function printedCode(cli: RunningCli): Promise<{ code: string; complete: string }> {
  for (let i = 0; i < 200; i++) {
    const match = /go to:\n\t (\S+)\nor open \S+ and enter the code (\S+)/.exec(cli.output());
    if (match) return { complete: match[1]!, code: match[2]! };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`the command printed no code: ${cli.output()}`);
}

describeOnEachDatabase('perform device-code', { env: { OAUTH2_DEVICE_AUTHORIZATION_TOKEN_POLLING_INTERVAL: '1s' } }, (ctx) => {
  before(async () => {
    await createClient(ctx.server, { client_id: 'cli-tv', client_secret: 'cli-tv-secret', token_endpoint_auth_method: 'client_secret_post', grant_types: [GRANT, 'refresh_token'], scope: 'openid offline' });
    await createClient(ctx.server, { client_id: 'cli-public', token_endpoint_auth_method: 'none', grant_types: [GRANT], scope: 'openid offline' });
    await createClient(ctx.server, { client_id: 'cli-web', client_secret: 'cli-web-secret', token_endpoint_auth_method: 'client_secret_post', grant_types: ['client_credentials'] });
  });

  /** Enters the printed code in a browser and logs in; answers the consent challenge. */
  async function enterCode(cli: RunningCli): Promise<{ browser: Browser; consentChallenge: string }> {
    const { code, complete } = await printedCode(cli);
    const browser = new Browser();
    const toUi = await browser.visit(`${ctx.server.publicUrl}/oauth2/device/verify?${new URL(complete).search.slice(1)}`);
    const deviceChallenge = query(toUi.location, 'device_challenge')!;
    const { data } = await ctx.sdk.acceptUserCodeRequest({ deviceChallenge, acceptDeviceUserCodeRequest: { user_code: code } });
    const toLogin = await browser.visit(data.redirect_to);
    const consentChallenge = await login(browser, ctx.sdk, query(toLogin.location, 'login_challenge')!);
    return { browser, consentChallenge };
  }

  it('prints where to go and the code, waits for the user, and prints the tokens', async () => {
    const cli = startCli(['perform', 'device-code', '-e', ctx.server.publicUrl, '--client-id', 'cli-tv', '--client-secret', 'cli-tv-secret', '--format', 'json']);
    const { browser, consentChallenge } = await enterCode(cli);
    await consent(browser, ctx.sdk, consentChallenge);
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Successfully signed in!/);
    const token = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.match(String(token.access_token), /^ory_at_/);
    assert.match(String(token.refresh_token), /^ory_rt_/);
    assert.equal(token.token_type, 'bearer');
  });

  it('works for a public client, and reports a refused consent as the server words it', async () => {
    const cli = startCli(['perform', 'device-code', '-e', ctx.server.publicUrl, '--client-id', 'cli-public']);
    const { browser, consentChallenge } = await enterCode(cli);
    const { data } = await ctx.sdk.rejectOAuth2ConsentRequest({ consentChallenge, rejectOAuth2Request: { error: 'access_denied' } });
    await browser.visit(data.redirect_to);
    const result = await cli.exited;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Failed to perform the device token request: oauth2: "access_denied"/);
    assert.ok(!hasStackTrace(result.stderr), result.stderr);
  });

  it('reports a client that may not use the grant, and a missing client id', async () => {
    const refused = await runCli(['perform', 'device-code', '-e', ctx.server.publicUrl, '--client-id', 'cli-web', '--client-secret', 'cli-web-secret']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Failed to perform the device authorization request: oauth2: "invalid_grant"/);
    assert.ok(!hasStackTrace(refused.stderr), refused.stderr);
    const missing = await runCli(['perform', 'device-code', '-e', ctx.server.publicUrl]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--client-id/);
  });
});
