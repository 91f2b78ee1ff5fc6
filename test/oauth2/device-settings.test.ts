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
  },
}, (ctx) => {
  before(() => createClient(ctx.server, { client_id: 'tv', client_secret: 'tv-secret', grant_types: [DEVICE_GRANT] }));

  it('draws 9 digits, lives ttl.device_user_code, asks for the configured interval, and discovery names the override', async () => {
    const answer = await authorizeDevice({ ...ctx.as, device_authorization_endpoint: `${ctx.server.publicUrl}/oauth2/device/auth` }, 'tv', 'tv-secret');
    assert.match(answer.user_code, /^[0-9]{9}$/);
    assert.equal(answer.expires_in, 3600);
    assert.equal(answer.interval, 15);
    assert.equal(ctx.as.device_authorization_endpoint, 'https://edge.example.com/device/auth');
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
