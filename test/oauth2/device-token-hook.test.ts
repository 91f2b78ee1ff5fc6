/**
 * oauth2.token_hook for the device_code grant: Hydra runs its access request hooks for every grant
 * of the token endpoint (oauth2/handler.go oauth2TokenExchange), so a device's token request is
 * posted to the hook, whose claims reach the access token, and whose 403 refuses it.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '../support/create-client.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { Browser, consent, login, query } from '../flow/support.js';
import { DEVICE_GRANT, authorizeDevice, poll, refusal } from './device-support.js';

const bodies: any[] = [];
let answer = { status: 200, body: '{"session":{"access_token":{"device_tier":"gold"}}}' };
let server: Server | undefined;
let hookUrl = '';

describeOnEachDatabase('device authorization grant, token hook', {
  setup: async () => {
    if (!server) {
      server = createServer((req, res) => {
        let text = '';
        req.on('data', (chunk) => (text += chunk));
        req.on('end', () => {
          bodies.push(JSON.parse(text));
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(answer.body);
        });
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    }
    return { env: { OAUTH2_TOKEN_HOOK_URL: hookUrl } };
  },
}, (ctx) => {
  before(() => createClient(ctx.server, { client_id: 'hooked-tv', client_secret: 'hooked-secret', grant_types: [DEVICE_GRANT], scope: 'videos.read' }));
  after(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())).then(() => (server = undefined)));

  /** A device code the user has approved. */
  async function approved(): Promise<string> {
    const device = await authorizeDevice(ctx.as, 'hooked-tv', 'hooked-secret', { scope: 'videos.read' });
    const browser = new Browser();
    const hop = await browser.visit(`${ctx.server.publicUrl}/oauth2/device/verify?user_code=${device.user_code}`);
    const { data } = await ctx.sdk.acceptUserCodeRequest({ deviceChallenge: query(hop.location, 'device_challenge')!, acceptDeviceUserCodeRequest: { user_code: device.user_code } });
    const toLogin = await browser.visit(data.redirect_to);
    await consent(browser, ctx.sdk, await login(browser, ctx.sdk, query(toLogin.location, 'login_challenge')!, 'hooked-user'));
    return device.device_code;
  }

  it("posts the device's token request to the hook, whose claims the access token then carries", async () => {
    answer = { status: 200, body: '{"session":{"access_token":{"device_tier":"gold"}}}' };
    bodies.length = 0;
    const tokens = await poll(ctx.as, 'hooked-tv', 'hooked-secret', await approved());
    assert.equal(bodies.length, 1);
    assert.deepEqual(bodies[0].request.payload.grant_type, [DEVICE_GRANT]);
    assert.equal(bodies[0].session.id_token.id_token_claims.sub, 'hooked-user');
    const { data } = await ctx.sdk.introspectOAuth2Token({ token: tokens.access_token });
    assert.deepEqual(data.ext, { device_tier: 'gold' });
  });

  it('refuses the device with access_denied when the hook answers 403', async () => {
    answer = { status: 403, body: '' };
    assert.equal((await refusal(poll(ctx.as, 'hooked-tv', 'hooked-secret', await approved()))).error, 'access_denied');
  });
});
