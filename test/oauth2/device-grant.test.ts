/**
 * RFC 8628 over real HTTP with a real device client (oauth4webapi): the device authorization
 * endpoint's answer, and the token endpoint's polling answers before the user has finished
 * (authorization_pending, slow_down, expired_token), and every refusal of a device code that is
 * not the client's, unknown, or asked for by a client not registered for the grant.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../support/create-client.js';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { DEVICE_GRANT, authorizeDevice, poll, refusal } from './device-support.js';

const HIGH = /^[abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679]{8}$/;

describeOnEachDatabase('device authorization grant, polling', { env: { OAUTH2_DEVICE_AUTHORIZATION_TOKEN_POLLING_INTERVAL: '1m' } }, (ctx) => {
  before(async () => {
    await createClient(ctx.server, { client_id: 'tv', client_secret: 'tv-secret', grant_types: [DEVICE_GRANT, 'refresh_token'], scope: 'openid offline videos.read' });
    await createClient(ctx.server, { client_id: 'other-tv', client_secret: 'other-secret', grant_types: [DEVICE_GRANT] });
    await createClient(ctx.server, { client_id: 'web', client_secret: 'web-secret', grant_types: ['client_credentials'] });
  });

  it('publishes the device authorization endpoint and grant in discovery', () => {
    assert.equal(ctx.as.device_authorization_endpoint, `${ctx.server.publicUrl}/oauth2/device/auth`);
    assert.ok(ctx.as.grant_types_supported?.includes(DEVICE_GRANT));
  });

  it('answers a device code, a user code, where to enter it, how long and how often (RFC 8628 §3.2)', async () => {
    const answer = await authorizeDevice(ctx.as, 'tv', 'tv-secret', { scope: 'openid videos.read' });
    assert.match(answer.device_code, /^ory_dc_[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    assert.match(answer.user_code, HIGH);
    assert.equal(answer.verification_uri, `${ctx.server.publicUrl}/oauth2/fallbacks/device`);
    assert.equal(answer.verification_uri_complete, `${ctx.server.publicUrl}/oauth2/fallbacks/device?user_code=${answer.user_code}`);
    assert.equal(answer.expires_in, 600);
    assert.equal(answer.interval, 60);
  });

  it('answers authorization_pending while the user has not finished, and slow_down to a device polling faster than the interval', async () => {
    const { device_code } = await authorizeDevice(ctx.as, 'tv', 'tv-secret');
    assert.deepEqual(await refusal(poll(ctx.as, 'tv', 'tv-secret', device_code)), {
      error: 'authorization_pending', status: 400,
      description: "The authorization request is still pending as the end user hasn't yet completed the user-interaction steps.",
    });
    const fast = await refusal(poll(ctx.as, 'tv', 'tv-secret', device_code));
    assert.equal(fast.error, 'slow_down');
    assert.equal(fast.status, 400);
    // Network jitter: a poll up to a second before the interval (1 minute here) is not too fast;
    // two seconds before is.
    try {
      ctx.clock.offsetMs = 58_000;
      assert.equal((await refusal(poll(ctx.as, 'tv', 'tv-secret', device_code))).error, 'slow_down');
      ctx.clock.offsetMs = 59_300;
      assert.equal((await refusal(poll(ctx.as, 'tv', 'tv-secret', device_code))).error, 'authorization_pending');
    } finally {
      ctx.clock.offsetMs = 0;
    }
  });

  it("refuses another client's device code, an unknown one, and a client not registered for the grant", async () => {
    const { device_code } = await authorizeDevice(ctx.as, 'tv', 'tv-secret');
    assert.equal((await refusal(poll(ctx.as, 'other-tv', 'other-secret', device_code))).error, 'invalid_grant');
    const forged = `ory_dc_${'A'.repeat(43)}.${'B'.repeat(43)}`;
    assert.equal((await refusal(poll(ctx.as, 'tv', 'tv-secret', forged))).error, 'invalid_grant');
    assert.equal((await refusal(poll(ctx.as, 'web', 'web-secret', device_code))).error, 'unauthorized_client');
    // The refusals did not count as the owner's polls: the owner's first poll is not too fast.
    assert.equal((await refusal(poll(ctx.as, 'tv', 'tv-secret', device_code))).error, 'authorization_pending');
  });

  it('refuses a device authorization to a client without the grant, or for a scope it was not registered for', async () => {
    const noGrant = await refusal(authorizeDevice(ctx.as, 'web', 'web-secret'));
    assert.equal(noGrant.error, 'invalid_grant');
    const scope = await refusal(authorizeDevice(ctx.as, 'tv', 'tv-secret', { scope: 'videos.write' }));
    assert.equal(scope.error, 'invalid_scope');
    const wrongSecret = await request('POST', `${ctx.server.publicUrl}/oauth2/device/auth`, 'client_id=tv&client_secret=nope', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(wrongSecret.status, 401);
    assert.equal(wrongSecret.body.error, 'invalid_client');
    const json = await request('POST', `${ctx.server.publicUrl}/oauth2/device/auth`, { client_id: 'tv' });
    assert.equal(json.status, 400);
    assert.equal(json.body.error, 'invalid_request');
  });

  it('forgets a device code when its client is deleted: a client re-created under the same id cannot redeem it', async () => {
    await createClient(ctx.server, { client_id: 'gone-tv', client_secret: 'gone-secret', grant_types: [DEVICE_GRANT] });
    const { device_code } = await authorizeDevice(ctx.as, 'gone-tv', 'gone-secret');
    assert.equal((await request('DELETE', `${ctx.server.adminUrl}/admin/clients/gone-tv`)).status, 204);
    await createClient(ctx.server, { client_id: 'gone-tv', client_secret: 'gone-secret', grant_types: [DEVICE_GRANT] });
    assert.equal((await refusal(poll(ctx.as, 'gone-tv', 'gone-secret', device_code))).error, 'invalid_grant');
  });

  it('answers expired_token once ttl.device_user_code has passed', async () => {
    const { device_code } = await authorizeDevice(ctx.as, 'tv', 'tv-secret');
    ctx.clock.offsetMs = 11 * 60_000;
    try {
      assert.equal((await refusal(poll(ctx.as, 'tv', 'tv-secret', device_code))).error, 'expired_token');
    } finally {
      ctx.clock.offsetMs = 0;
    }
  });
});
