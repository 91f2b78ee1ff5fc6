/**
 * The authorization code flow through Hydra's login and consent API, end to end: a relying party
 * (oauth4webapi) sends the browser to /oauth2/auth, a login/consent app accepts both steps through
 * @ory/hydra-client, and the code is exchanged with PKCE. On each database.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { halfHash } from '../../src/oauth2/tokens/id-token.js';
import { createTestDatabase } from '../support/databases.js';
import { startTestServer } from '../support/server.js';
import { json } from '../support/http.js';
import { Browser, authorizeUrl, consent, createClient, discover, insecure, login, pkce, query, sdk, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('authorization code flow', serverOptions, (ctx) => {
  const client = { client_id: 'web-app' };
  before(async () => {
    await createClient(ctx.server, {
      client_id: 'web-app',
      client_secret: 'web-secret',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline photos.read',
      audience: ['https://api.example.com'],
      redirect_uris: [REDIRECT],
    });
  });

  it('advertises the authorization endpoint, response types and modes, S256 and RFC 9207 in discovery', () => {
    assert.equal(ctx.as.authorization_endpoint, new URL('oauth2/auth', ctx.as.issuer).toString());
    assert.deepEqual(ctx.as.response_types_supported, ['code', 'code id_token', 'id_token', 'token id_token', 'token', 'token id_token code', 'code token']);
    assert.deepEqual(ctx.as.response_modes_supported, ['query', 'fragment', 'form_post']);
    assert.deepEqual(ctx.as.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(ctx.as.grant_types_supported, ['authorization_code', 'implicit', 'client_credentials', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer']);
    assert.equal(ctx.as.authorization_response_iss_parameter_supported, true);
  });

  it('runs login, consent and the code exchange as a Hydra login/consent app would', async () => {
    const browser = new Browser();
    const api = sdk(ctx.server);
    const { verifier, challenge } = await pkce();
    const state = oauth.generateRandomState();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, {
      client_id: 'web-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid photos.read', state,
      audience: 'https://api.example.com', code_challenge: challenge, code_challenge_method: 'S256',
      nonce: 'n-0S6_WzA2Mj', login_hint: 'foo@bar.com', acr_values: 'gold silver', ui_locales: 'de en', max_age: '3600', prompt: 'login consent',
    }));
    assert.ok([...browser.cookies.keys()].some((name) => /^ory_hydra_login_csrf_dev_\d+$/.test(name)));

    const { data: loginRequest } = await api.getOAuth2LoginRequest({ loginChallenge });
    assert.equal(loginRequest.challenge, loginChallenge);
    assert.equal(loginRequest.skip, false);
    assert.equal(loginRequest.subject, '');
    assert.equal(loginRequest.client.client_id, 'web-app');
    assert.equal((loginRequest.client as any).client_secret, undefined);
    assert.deepEqual(loginRequest.requested_scope, ['openid', 'photos.read']);
    assert.deepEqual(loginRequest.requested_access_token_audience, ['https://api.example.com']);
    assert.deepEqual(loginRequest.oidc_context, { acr_values: ['gold', 'silver'], ui_locales: ['de', 'en'], login_hint: 'foo@bar.com' });
    assert.match(loginRequest.request_url, /\/oauth2\/auth\?client_id=web-app&/);
    assert.ok(loginRequest.session_id);

    const consentChallenge = await login(browser, api, loginChallenge);
    const { data: consentRequest } = await api.getOAuth2ConsentRequest({ consentChallenge });
    assert.equal(consentRequest.challenge, consentChallenge);
    assert.equal(consentRequest.subject, 'foo@bar.com');
    assert.equal(consentRequest.login_challenge, loginChallenge);
    assert.equal(consentRequest.login_session_id, loginRequest.session_id);
    assert.equal(consentRequest.acr, '1');
    assert.deepEqual(consentRequest.amr, ['pwd']);
    assert.deepEqual(consentRequest.context, { step: 'login' });
    assert.ok(consentRequest.consent_request_id);
    assert.deepEqual(consentRequest.requested_scope, ['openid', 'photos.read']);

    const callback = await consent(browser, api, consentChallenge, { access_token: { role: 'editor' }, id_token: { email: 'foo@bar.com', sub: 'mallory', nonce: 'forged' } });
    assert.ok(callback.startsWith(`${REDIRECT}?`), callback);
    assert.equal(query(callback, 'scope'), 'openid photos.read');
    assert.equal(query(callback, 'iss'), ctx.as.issuer);
    assert.match(query(callback, 'code')!, /^ory_ac_/);

    // oauth4webapi checks state and iss (RFC 9207) before the exchange.
    const params = oauth.validateAuthResponse(ctx.as, client, new URL(callback), state);
    const response = await oauth.authorizationCodeGrantRequest(ctx.as, client, oauth.ClientSecretBasic('web-secret'), params, REDIRECT, verifier, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(ctx.as, client, response, { expectedNonce: 'n-0S6_WzA2Mj', maxAge: 3600, requireIdToken: true });
    assert.match(tokens.access_token, /^ory_at_/);
    assert.equal(tokens.scope, 'openid photos.read');
    assert.ok(tokens.expires_in! > 3590);

    // The ID token verifies against the published JWKS and carries what OIDC Core §2 requires.
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(ctx.as.jwks_uri!)), { issuer: ctx.as.issuer, audience: 'web-app' });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.sub, 'foo@bar.com');
    assert.equal(payload.nonce, 'n-0S6_WzA2Mj');
    assert.equal(payload.acr, '1');
    assert.deepEqual(payload.amr, ['pwd']);
    assert.equal(payload.sid, loginRequest.session_id);
    assert.equal(payload.email, 'foo@bar.com');
    assert.equal(payload.at_hash, halfHash(tokens.access_token, 'RS256'));
    assert.ok(Math.abs((payload.auth_time as number) - Date.now() / 1000) < 60);
    assert.equal((payload.exp as number) - (payload.iat as number), 3600);

    const introspection = await oauth.processIntrospectionResponse(ctx.as, client, await oauth.introspectionRequest(ctx.as, client, oauth.None(), tokens.access_token, insecure));
    assert.equal(introspection.active, true);
    assert.equal(introspection.sub, 'foo@bar.com');
    assert.equal(introspection.client_id, 'web-app');
    assert.deepEqual(introspection.aud, ['https://api.example.com']);
    assert.deepEqual(introspection.ext, { role: 'editor' });

    // The used challenges answer 410 Gone with the request URL, as Hydra does.
    const gone = await fetch(`${ctx.server.adminUrl}/admin/oauth2/auth/requests/login?login_challenge=${encodeURIComponent(loginChallenge)}`);
    assert.equal(gone.status, 410);
    // Hydra's OAuth2RedirectTo body alone, not the error shape, and never cached.
    const goneBody = await json(gone);
    assert.deepEqual(Object.keys(goneBody), ['redirect_to']);
    assert.match(goneBody.redirect_to, /\/oauth2\/auth\?/);
    assert.equal(gone.headers.get('cache-control'), 'no-store');
    assert.equal(gone.headers.get('pragma'), null);
    assert.match(gone.headers.get('content-type') ?? '', /^application\/json/);
  });

  it('answers a POST authorization request with 303 (RFC 9700 §4.12) and a repeated parameter with the error page', async () => {
    const { challenge } = await pkce();
    const form = new URLSearchParams({ client_id: 'web-app', response_type: 'code', scope: 'photos.read', state: 'abcdefgh', code_challenge: challenge, code_challenge_method: 'S256' });
    const posted = await fetch(ctx.as.authorization_endpoint!, { method: 'POST', redirect: 'manual', body: form });
    assert.equal(posted.status, 303);
    assert.match(posted.headers.get('location')!, /^http:\/\/login\.test\/login\?login_challenge=/);
    assert.match(posted.headers.getSetCookie()[0]!, /^ory_hydra_login_csrf_dev_\d+=[^;]+; Path=\/; Max-Age=1800; HttpOnly; SameSite=Lax$/);
    const twice = await new Browser().visit(`${authorizeUrl(ctx.as, { client_id: 'web-app', response_type: 'code' })}&response_type=code`);
    assert.equal(twice.status, 302);
    assert.ok(twice.location.startsWith(new URL('oauth2/fallbacks/error?', ctx.as.issuer).toString()), twice.location);
  });

  it('serves the v1 admin paths without /admin through the same handlers', async () => {
    const browser = new Browser();
    const { challenge } = await pkce();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, { client_id: 'web-app', response_type: 'code', scope: 'photos.read', state: 'abcdefgh', code_challenge: challenge, code_challenge_method: 'S256' }));
    const q = `login_challenge=${encodeURIComponent(loginChallenge)}`;
    const got = await fetch(`${ctx.server.adminUrl}/oauth2/auth/requests/login?${q}`);
    assert.equal(got.status, 200);
    assert.equal((await json(got)).challenge, loginChallenge);
    const accepted = await fetch(`${ctx.server.adminUrl}/oauth2/auth/requests/login/accept?${q}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject: 'v1-user' }) });
    assert.equal(accepted.status, 200);
    assert.match((await json(accepted)).redirect_to, /login_verifier=/);
  });

  it('shows the fallback pages when no login, consent or error URL is configured, escaping what it echoes', async () => {
    const fallbackDb = await createTestDatabase(ctx.dialect);
    const bare = await startTestServer({ dsn: fallbackDb.dsn });
    try {
      const bareAs = await discover(bare);
      await createClient(bare, { client_id: 'c', client_secret: 'secret-secret', redirect_uris: [REDIRECT], scope: 'openid' });
      const browser = new Browser();
      const { challenge } = await pkce();
      const hop = await browser.visit(authorizeUrl(bareAs, { client_id: 'c', response_type: 'code', state: 'abcdefgh', code_challenge: challenge, code_challenge_method: 'S256' }));
      assert.ok(hop.location.startsWith(new URL('oauth2/fallbacks/login?login_challenge=', bareAs.issuer).toString()), hop.location);
      const page = await browser.visit(hop.location);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type')!, /^text\/html/);
      assert.equal(page.headers.get('x-frame-options'), 'DENY');
      // GHSA-7v6r-w4r6-mhch: error_hint was reflected unescaped.
      const xss = await browser.visit(new URL('oauth2/fallbacks/error?error=%3Cscript%3Ealert(1)%3C/script%3E&error_hint=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', bareAs.issuer).toString());
      assert.equal(xss.status, 200);
      assert.ok(!xss.body.includes('<script>alert(1)') && !xss.body.includes('<img'), xss.body);
      assert.ok(xss.body.includes('&#60;script&#62;alert(1)&#60;/script&#62;'));
    } finally {
      await bare.close();
      await fallbackDb.drop();
    }
  });
});
