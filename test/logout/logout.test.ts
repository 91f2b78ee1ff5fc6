/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) through Hydra's admin API with the
 * official SDK: the end_session_endpoint, the logout request, accept (the remembered login ends)
 * and reject (it stays), the registered post-logout URI with state, and what is never redirected.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { SignJWT, generateKeyPair } from 'jose';
import { Browser, authorizeUrl, createClient, insecure, query, sdk, sdkStatus, startLogin } from '../flow/support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const LOGGED_OUT = 'http://127.0.0.1:5555/logged-out';
const SESSION = 'ory_hydra_session_dev';
const ERROR_URL = 'http://login.test/error';
const client: oauth.Client = { client_id: 'web-app' };

const serverOptions = {
  env: {
    URLS_LOGIN: 'http://login.test/login',
    URLS_CONSENT: 'http://login.test/consent',
    URLS_LOGOUT: 'http://login.test/logout',
    URLS_ERROR: ERROR_URL,
  },
};

describeOnEachDatabase('RP-initiated logout', serverOptions, (ctx) => {
  const api = () => sdk(ctx.server);

  before(async () => {
    await createClient(ctx.server, { client_id: 'web-app', client_secret: 'web-secret', grant_types: ['authorization_code'], scope: 'openid', redirect_uris: [REDIRECT], post_logout_redirect_uris: [LOGGED_OUT] });
  });

  /** A full flow with a remembered login; returns the ID token. */
  async function signIn(browser: Browser): Promise<string> {
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, { client_id: 'web-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456' }));
    const { data: accepted } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'alice', remember: true, remember_for: 86400 } });
    const consentChallenge = query((await browser.visit(accepted.redirect_to)).location, 'consent_challenge')!;
    const { data: granted } = await api().acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['openid'] } });
    const callback = (await browser.visit(granted.redirect_to)).location;
    const params = oauth.validateAuthResponse(ctx.as, client, new URL(callback), 'state-123456');
    const response = await oauth.authorizationCodeGrantRequest(ctx.as, client, oauth.ClientSecretBasic('web-secret'), params, REDIRECT, oauth.nopkce, insecure);
    return (await oauth.processAuthorizationCodeResponse(ctx.as, client, response, { requireIdToken: true })).id_token!;
  }

  function endSession(params: Record<string, string>): string {
    const url = new URL(ctx.as.end_session_endpoint!);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.toString();
  }

  async function loginSkipped(browser: Browser): Promise<boolean> {
    const challenge = await startLogin(browser, authorizeUrl(ctx.as, { client_id: 'web-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456' }));
    return (await api().getOAuth2LoginRequest({ loginChallenge: challenge })).data.skip;
  }

  it('accepts a logout: the session ends and the browser lands on the registered URI with state', async () => {
    const browser = new Browser();
    const idToken = await signIn(browser);
    const hop = await browser.visit(endSession({ id_token_hint: idToken, post_logout_redirect_uri: LOGGED_OUT, state: 'bye-1' }));
    assert.equal(hop.status, 302, hop.body);
    assert.ok(hop.location.startsWith('http://login.test/logout?'), hop.location);
    const logoutChallenge = query(hop.location, 'logout_challenge')!;
    const { data: request } = await api().getOAuth2LogoutRequest({ logoutChallenge });
    assert.equal(request.subject, 'alice');
    assert.equal(request.rp_initiated, true);
    assert.equal(request.client?.client_id, 'web-app');
    assert.ok(request.sid && request.request_url?.includes('/oauth2/sessions/logout'));

    const kept = browser.cookies.get(SESSION)!;
    const { data } = await api().acceptOAuth2LogoutRequest({ logoutChallenge });
    assert.equal(await sdkStatus(api().acceptOAuth2LogoutRequest({ logoutChallenge })), 409, 'a challenge is single use');
    const gone = await fetch(`${ctx.server.adminUrl}/admin/oauth2/auth/requests/logout?logout_challenge=${encodeURIComponent(logoutChallenge)}`);
    assert.equal(gone.status, 410);
    assert.equal(gone.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await gone.json(), { redirect_to: request.request_url });
    const back = await browser.visit(data.redirect_to);
    assert.equal(back.location, `${LOGGED_OUT}?state=bye-1`);
    assert.equal(browser.cookies.get(SESSION), '', 'the login session cookie is cleared');
    const replay = await browser.visit(data.redirect_to);
    assert.equal(query(replay.location, 'error'), 'access_denied', 'a verifier is single use');
    assert.equal(await loginSkipped(browser), false, 'the next login is not skipped');
    const copy = new Browser();
    copy.cookies.set(SESSION, kept);
    assert.equal(await loginSkipped(copy), false, 'nor with a copy of the old cookie');
  });

  it('rejects a logout: the session stays', async () => {
    const browser = new Browser();
    const idToken = await signIn(browser);
    const logoutChallenge = query((await browser.visit(endSession({ id_token_hint: idToken }))).location, 'logout_challenge')!;
    await api().rejectOAuth2LogoutRequest({ logoutChallenge });
    assert.equal(await loginSkipped(browser), true);
  });

  it('never redirects to an unregistered URI, nor to any URI without id_token_hint', async () => {
    const browser = new Browser();
    const idToken = await signIn(browser);
    const attempts: Record<string, string>[] = [{ id_token_hint: idToken, post_logout_redirect_uri: 'http://127.0.0.1:5555/elsewhere' }, { post_logout_redirect_uri: LOGGED_OUT }];
    for (const params of attempts) {
      const hop = await browser.visit(endSession(params));
      assert.equal(query(hop.location, 'error'), 'invalid_request', hop.location);
      assert.ok(!hop.location.startsWith('http://127.0.0.1:5555'), hop.location);
    }
  });

  /** The end_session_endpoint by a form POST (RP-Initiated Logout 1.0 §2), with the browser's cookies. */
  async function postEndSession(browser: Browser, params: Record<string, string>): Promise<{ status: number; location: string }> {
    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(ctx.as.end_session_endpoint!, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(params).toString(),
    });
    await response.arrayBuffer();
    return { status: response.status, location: response.headers.get('location') ?? '' };
  }

  it('refuses state or post_logout_redirect_uri without id_token_hint on GET and POST, with Hydra\'s hints, and keeps the session', async () => {
    // Hydra consent/strategy_default.go (issueLogoutVerifier): both belong to RP-initiated logout
    // only, and state is checked first; the error goes to urls.error (oauth2/handler.go forwardError).
    const stateHint = 'Logout failed because query parameter state is set but id_token_hint is missing.';
    const uriHint = 'Logout failed because query parameter post_logout_redirect_uri is set but id_token_hint is missing.';
    const browser = new Browser();
    await signIn(browser);
    const cases: [Record<string, string>, string][] = [
      [{ state: 'bye-12345' }, stateHint],
      [{ post_logout_redirect_uri: LOGGED_OUT }, uriHint],
      [{ state: 'bye-12345', post_logout_redirect_uri: LOGGED_OUT }, stateHint],
    ];
    for (const [params, hint] of cases) {
      for (const who of [browser, new Browser()]) {
        const hops = [{ ...(await who.visit(endSession(params))), expected: 302 }, { ...(await postEndSession(who, params)), expected: 303 }];
        for (const hop of hops) {
          const where = `${JSON.stringify(params)}: ${hop.location}`;
          assert.equal(hop.status, hop.expected, where);
          assert.ok(hop.location.startsWith(`${ERROR_URL}?`), where);
          assert.equal(query(hop.location, 'error'), 'invalid_request', where);
          assert.equal(query(hop.location, 'error_hint'), hint, where);
        }
      }
    }
    assert.notEqual(browser.cookies.get(SESSION), '', 'the login session cookie is kept');
    assert.equal(await loginSkipped(browser), true, 'the login session stays');
  });

  it('refuses an id_token_hint signed by a foreign key', async () => {
    const browser = new Browser();
    await signIn(browser);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256' }).setIssuer(ctx.as.issuer).setAudience('web-app').setIssuedAt().sign(privateKey);
    const hop = await browser.visit(endSession({ id_token_hint: forged, post_logout_redirect_uri: LOGGED_OUT }));
    assert.equal(query(hop.location, 'error'), 'invalid_request', hop.location);
  });

  it('accepts an expired id_token_hint (RP-Initiated Logout 1.0 §2)', async () => {
    const browser = new Browser();
    const idToken = await signIn(browser);
    ctx.clock.offsetMs = 2 * 60 * 60 * 1000;
    try {
      const hop = await browser.visit(endSession({ id_token_hint: idToken, post_logout_redirect_uri: LOGGED_OUT, state: 'late' }));
      assert.ok(query(hop.location, 'logout_challenge'), hop.location);
    } finally {
      ctx.clock.offsetMs = 0;
    }
  });

  it('without a hint, logs out through the logout UI to the default post-logout page', async () => {
    const browser = new Browser();
    await signIn(browser);
    const logoutChallenge = query((await browser.visit(endSession({}))).location, 'logout_challenge')!;
    const { data: request } = await api().getOAuth2LogoutRequest({ logoutChallenge });
    assert.equal(request.client, null);
    // Hydra's issueLogoutVerifier: without a hint the logout is OP-initiated.
    assert.equal(request.rp_initiated, false);
    const { data } = await api().acceptOAuth2LogoutRequest({ logoutChallenge });
    const back = await browser.visit(data.redirect_to);
    assert.ok(back.location.endsWith('/oauth2/fallbacks/logout/callback'), back.location);
    assert.equal((await browser.visit(back.location)).status, 200);
  });
});
