/**
 * RFC 8628 end to end: a device client (oauth4webapi) asks for a user code and polls; a scripted
 * browser opens the verification URI; a verification UI answers the device challenge through the
 * official SDK (acceptUserCodeRequest); then the usual login and consent, and the device gets its
 * tokens. Misuse: wrong user codes up to the per-challenge limit, a reused user code, a challenge
 * accepted twice, a browser without the device CSRF cookie, a refused consent (access_denied),
 * a device code redeemed twice, and a device flow's consent verifier taken to /oauth2/auth.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import type { OAuth2Api } from '@ory/hydra-client';
import { createClient } from '../support/create-client.js';
import { insecure } from '../support/discover.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { sdkStatus } from '../support/sdk.js';
import { Browser, consent, login, query } from '../flow/support.js';
import { DEVICE_GRANT, authorizeDevice, poll, refusal } from './device-support.js';

const UI = 'http://device-ui.example/verify';
const DONE = 'http://device-ui.example/done';

/** The browser opens verification_uri_complete; the UI is given a device challenge (and the user code). */
async function openVerification(browser: Browser, complete: string, verifyUrl: string): Promise<string> {
  const hop = await browser.visit(`${verifyUrl}?${new URL(complete).search.slice(1)}`);
  assert.equal(hop.status, 302, hop.body);
  assert.ok(hop.location.startsWith(`${UI}?`), hop.location);
  const challenge = query(hop.location, 'device_challenge');
  assert.ok(challenge);
  return challenge;
}

async function acceptCode(api: OAuth2Api, deviceChallenge: string, userCode: string): Promise<string> {
  const { data } = await api.acceptUserCodeRequest({ deviceChallenge, acceptDeviceUserCodeRequest: { user_code: userCode } });
  return data.redirect_to;
}

describeOnEachDatabase('device authorization grant, end to end', { env: { URLS_DEVICE_VERIFICATION: UI, URLS_DEVICE_SUCCESS: DONE, OAUTH2_DEVICE_AUTHORIZATION_TOKEN_POLLING_INTERVAL: '1s' } }, (ctx) => {
  const verifyUrl = () => `${ctx.server.publicUrl}/oauth2/device/verify`;

  before(async () => {
    await createClient(ctx.server, { client_id: 'tv', client_secret: 'tv-secret', grant_types: [DEVICE_GRANT, 'refresh_token'], scope: 'openid offline videos.read' });
  });

  it('hands the user from the user code to login and consent, then gives the device its access, refresh and ID tokens once', async () => {
    const device = await authorizeDevice(ctx.as, 'tv', 'tv-secret', { scope: 'openid offline videos.read' });
    assert.equal(device.verification_uri, UI);
    const browser = new Browser();
    const challenge = await openVerification(browser, device.verification_uri_complete!, verifyUrl());
    const redirect = await acceptCode(ctx.sdk, challenge, device.user_code);
    assert.ok(redirect.startsWith(`${verifyUrl()}?`), redirect);
    const toLogin = await browser.visit(redirect);
    assert.equal(toLogin.status, 302, toLogin.body);
    const loginChallenge = query(toLogin.location, 'login_challenge')!;
    const { data: loginRequest } = await ctx.sdk.getOAuth2LoginRequest({ loginChallenge });
    assert.equal(loginRequest.client.client_id, 'tv');
    assert.deepEqual(loginRequest.requested_scope, ['openid', 'offline', 'videos.read']);
    const consentChallenge = await login(browser, ctx.sdk, loginChallenge, 'tv-user');
    const done = await consent(browser, ctx.sdk, consentChallenge, { id_token: { plan: 'family' } });
    assert.equal(done, `${DONE}?client_id=tv`);

    const tokens = await poll(ctx.as, 'tv', 'tv-secret', device.device_code);
    assert.match(tokens.access_token, /^ory_at_/);
    assert.match(tokens.refresh_token!, /^ory_rt_/);
    assert.equal(tokens.scope, 'openid offline videos.read');
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    assert.equal(claims.sub, 'tv-user');
    assert.equal(claims.plan, 'family');
    const introspected = await ctx.sdk.introspectOAuth2Token({ token: tokens.access_token });
    assert.equal(introspected.data.active, true);
    assert.equal(introspected.data.sub, 'tv-user');
    assert.equal(introspected.data.client_id, 'tv');

    // The refresh token works like any other (RFC 6749 §6).
    const refreshed = await oauth.processRefreshTokenResponse(ctx.as, { client_id: 'tv' },
      await oauth.refreshTokenGrantRequest(ctx.as, { client_id: 'tv' }, oauth.ClientSecretBasic('tv-secret'), tokens.refresh_token!, insecure));
    assert.equal(refreshed.scope, 'openid offline videos.read');

    // RFC 8628 §3.5 / fosite: a device code is redeemed once; a second redemption revokes what it issued.
    ctx.clock.offsetMs = 2_000; // past the polling interval, so that the replay is not merely too fast
    try {
      assert.equal((await refusal(poll(ctx.as, 'tv', 'tv-secret', device.device_code))).error, 'invalid_grant');
    } finally {
      ctx.clock.offsetMs = 0;
    }
    assert.equal((await ctx.sdk.introspectOAuth2Token({ token: tokens.access_token })).data.active, false);
  });

  it('counts wrong user codes per challenge and blocks the challenge at the limit, even for the right code', async () => {
    const device = await authorizeDevice(ctx.as, 'tv', 'tv-secret');
    const challenge = await openVerification(new Browser(), device.verification_uri_complete!, verifyUrl());
    for (let i = 0; i < 4; i++) assert.equal(await sdkStatus(acceptCode(ctx.sdk, challenge, `wrong${i}`)), 400);
    assert.equal(await sdkStatus(acceptCode(ctx.sdk, challenge, 'wrong4')), 429);
    assert.equal(await sdkStatus(acceptCode(ctx.sdk, challenge, device.user_code)), 429);
    // The user code itself is untouched: a fresh challenge takes it.
    const fresh = await openVerification(new Browser(), device.verification_uri_complete!, verifyUrl());
    assert.ok(await acceptCode(ctx.sdk, fresh, device.user_code));
  });

  it('compares at most five codes per challenge even when the guesses arrive all at once', async () => {
    const device = await authorizeDevice(ctx.as, 'tv', 'tv-secret');
    const challenge = await openVerification(new Browser(), device.verification_uri_complete!, verifyUrl());
    // Twelve concurrent guesses, the right code last: only five may be compared; the rest are 429.
    const guesses = [...Array.from({ length: 11 }, (_, i) => `guess${i}`), device.user_code];
    const statuses = await Promise.all(guesses.map((code) => sdkStatus(acceptCode(ctx.sdk, challenge, code))));
    assert.ok(statuses.filter((status) => status === 429).length >= 7, statuses.join(','));
    assert.ok(statuses.every((status) => [200, 400, 429].includes(status)), statuses.join(','));
    const attempts = await ctx.server.registry.database.db.selectFrom('hydra_oauth2_device_challenge').select('attempts').execute();
    assert.ok(attempts.every((row) => Number(row.attempts) <= 5), JSON.stringify(attempts));
  });

  it('lets exactly one of two challenges racing for the same user code take it', async () => {
    const device = await authorizeDevice(ctx.as, 'tv', 'tv-secret');
    const challenges = await Promise.all([0, 1].map(() => openVerification(new Browser(), device.verification_uri_complete!, verifyUrl())));
    const outcomes = await Promise.all(challenges.map((challenge) => acceptCode(ctx.sdk, challenge, device.user_code).then(() => 200, (error) => error.response?.status)));
    assert.deepEqual(outcomes.sort(), [200, 400]);
  });

  it('takes a user code once, and a challenge once', async () => {
    const device = await authorizeDevice(ctx.as, 'tv', 'tv-secret');
    const first = await openVerification(new Browser(), device.verification_uri_complete!, verifyUrl());
    await acceptCode(ctx.sdk, first, device.user_code);
    assert.equal(await sdkStatus(acceptCode(ctx.sdk, first, device.user_code)), 409);
    const second = await openVerification(new Browser(), device.verification_uri_complete!, verifyUrl());
    assert.equal(await sdkStatus(acceptCode(ctx.sdk, second, device.user_code)), 400);
    assert.equal(await sdkStatus(acceptCode(ctx.sdk, 'no-such-challenge', device.user_code)), 404);
    assert.equal(await sdkStatus(acceptCode(ctx.sdk, second, '')), 400);
  });

  it('honours the device verifier only in the browser that holds the device CSRF cookie, and only once', async () => {
    const device = await authorizeDevice(ctx.as, 'tv', 'tv-secret');
    const browser = new Browser();
    const challenge = await openVerification(browser, device.verification_uri_complete!, verifyUrl());
    const redirect = await acceptCode(ctx.sdk, challenge, device.user_code);
    const stranger = await new Browser().visit(redirect);
    assert.equal(stranger.status, 403);
    assert.equal(JSON.parse(stranger.body).error, 'request_forbidden');
    assert.equal((await browser.visit(redirect)).status, 302);
    const again = await browser.visit(redirect);
    assert.equal(again.status, 403);
    assert.equal(JSON.parse(again.body).error, 'access_denied');
  });

  it('answers access_denied to the device when the user refuses consent', async () => {
    const device = await authorizeDevice(ctx.as, 'tv', 'tv-secret', { scope: 'videos.read' });
    const browser = new Browser();
    const challenge = await openVerification(browser, device.verification_uri_complete!, verifyUrl());
    const toLogin = await browser.visit(await acceptCode(ctx.sdk, challenge, device.user_code));
    const consentChallenge = await login(browser, ctx.sdk, query(toLogin.location, 'login_challenge')!);
    const { data } = await ctx.sdk.rejectOAuth2ConsentRequest({ consentChallenge, rejectOAuth2Request: { error: 'access_denied', error_description: 'The user said no.' } });
    const refused = await browser.visit(data.redirect_to);
    assert.equal(refused.status, 400, refused.body);
    assert.equal(JSON.parse(refused.body).error, 'access_denied');
    assert.equal((await refusal(poll(ctx.as, 'tv', 'tv-secret', device.device_code))).error, 'access_denied');
  });

  it("refuses a device flow's consent verifier at the authorization endpoint, leaving it usable where it belongs", async () => {
    await createClient(ctx.server, {
      client_id: 'tv-web', client_secret: 'tv-web-secret', grant_types: [DEVICE_GRANT, 'authorization_code'], response_types: ['code'],
      redirect_uris: ['http://127.0.0.1:9/cb'], scope: 'videos.read',
    });
    const device = await authorizeDevice(ctx.as, 'tv-web', 'tv-web-secret', { scope: 'videos.read' });
    const browser = new Browser();
    const challenge = await openVerification(browser, device.verification_uri_complete!, verifyUrl());
    const toLogin = await browser.visit(await acceptCode(ctx.sdk, challenge, device.user_code));
    const consentChallenge = await login(browser, ctx.sdk, query(toLogin.location, 'login_challenge')!);
    const { data } = await ctx.sdk.acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['videos.read'] } });
    const verifier = query(data.redirect_to, 'consent_verifier')!;
    const misused = await browser.visit(`${ctx.as.authorization_endpoint}?client_id=tv-web&response_type=code&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/cb')}&state=some-state-value&consent_verifier=${verifier}`);
    assert.equal(query(misused.location, 'code'), null, misused.location);
    assert.equal(query(misused.location, 'error'), 'access_denied');
    assert.equal((await browser.visit(data.redirect_to)).location, `${DONE}?client_id=tv-web`);
    const tokens = await poll(ctx.as, 'tv-web', 'tv-web-secret', device.device_code);
    assert.equal(tokens.scope, 'videos.read');
    // The device's grant is a consent session like any other: revoking it revokes the device's tokens.
    await ctx.sdk.revokeOAuth2ConsentSessions({ subject: 'foo@bar.com', client: 'tv-web' });
    assert.equal((await ctx.sdk.introspectOAuth2Token({ token: tokens.access_token })).data.active, false);
  });
});
