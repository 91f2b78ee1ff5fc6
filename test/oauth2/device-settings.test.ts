/**
 * The device authorization settings Hydra has, each doing what Hydra does with it: the user code's
 * preset or alphabet and length (oauth2.device_authorization.user_code), ttl.device_user_code,
 * the polling interval, and the discovery override of the endpoint
 * (webfinger.oidc_discovery.device_authorization_url).
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../support/create-client.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { DEVICE_GRANT, authorizeDevice } from './device-support.js';

describeOnEachDatabase('device authorization settings, preset low', {
  env: {
    OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_ENTROPY_PRESET: 'low',
    TTL_DEVICE_USER_CODE: '1h',
    OAUTH2_DEVICE_AUTHORIZATION_TOKEN_POLLING_INTERVAL: '15s',
    WEBFINGER_OIDC_DISCOVERY_DEVICE_AUTHORIZATION_URL: 'https://edge.example.com/device/auth',
    SERVE_COOKIES_NAMES_DEVICE_CSRF: 'tv_device_csrf',
    URLS_DEVICE_VERIFICATION: 'https://tv.example.com/enter-code',
  },
}, (ctx) => {
  before(() => createClient(ctx.server, { client_id: 'tv', client_secret: 'tv-secret', grant_types: [DEVICE_GRANT] }));

  it('draws 9 digits, lives ttl.device_user_code, asks for the configured interval, and discovery names the override', async () => {
    const answer = await authorizeDevice({ ...ctx.as, device_authorization_endpoint: `${ctx.server.publicUrl}/oauth2/device/auth` }, 'tv', 'tv-secret');
    assert.match(answer.user_code, /^[0-9]{9}$/);
    assert.equal(answer.expires_in, 3600);
    assert.equal(answer.interval, 15);
    assert.equal(ctx.as.device_authorization_endpoint, 'https://edge.example.com/device/auth');
    assert.equal(answer.verification_uri, 'https://tv.example.com/enter-code');
  });

  it('names the device CSRF cookie serve.cookies.names.device_csrf, and sends the browser to urls.device.verification', async () => {
    const hop = await fetch(`${ctx.server.publicUrl}/oauth2/device/verify?user_code=123456789`, { redirect: 'manual' });
    assert.equal(hop.status, 302);
    const location = new URL(hop.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, 'https://tv.example.com/enter-code');
    assert.ok(location.searchParams.get('device_challenge'));
    assert.equal(location.searchParams.get('user_code'), '123456789');
    const cookies = hop.headers.getSetCookie();
    assert.equal(cookies.length, 1);
    assert.match(cookies[0]!, /^tv_device_csrf(_dev)?=[^;]+; Path=\/; Max-Age=\d+; HttpOnly/);
  });
});

describeOnEachDatabase('device authorization settings, own alphabet', {
  env: { OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_LENGTH: '12', OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_CHARACTER_SET: 'BCDFGHJKLM' },
}, (ctx) => {
  before(() => createClient(ctx.server, { client_id: 'tv', client_secret: 'tv-secret', grant_types: [DEVICE_GRANT] }));

  it('draws the configured length from the configured character set', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const answer = await authorizeDevice(ctx.as, 'tv', 'tv-secret');
      assert.match(answer.user_code, /^[BCDFGHJKLM]{12}$/);
      codes.add(answer.user_code);
    }
    assert.equal(codes.size, 5);
  });
});
