/**
 * Misuse of the login/consent flow and of codes, each a test (issue 4; security-checklist.md §1-4):
 * replayed challenges and verifiers, a flow finished in another browser, unregistered redirect
 * URIs, prompt=none, PKCE downgrades and mismatches, code replay, and rejected steps.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { createTestDatabase } from '../support/databases.js';
import { startTestServer } from '../support/server.js';
import { request } from '../support/http.js';
import { Browser, authorizeUrl, consent, createClient, discover, insecure, login, pkce, query, sdk, sdkStatus, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const ERROR_URL = 'http://login.test/error';

const serverOptions = {
  env: {
    URLS_LOGIN: 'http://login.test/login',
    URLS_CONSENT: 'http://login.test/consent',
    URLS_ERROR: ERROR_URL,
  },
};

describeOnEachDatabase('authorization flow misuse', serverOptions, (ctx) => {
  const api = () => sdk(ctx.server);
  const params = (extra: Record<string, string> = {}) => ({ client_id: 'web-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'photos.read', state: 'state-123456', ...extra });

  before(async () => {
    const common = { grant_types: ['authorization_code'], scope: 'photos.read', redirect_uris: [REDIRECT, 'http://127.0.0.1:5555/other'] };
    await createClient(ctx.server, { client_id: 'web-app', client_secret: 'web-secret', ...common });
    await createClient(ctx.server, { client_id: 'spa', token_endpoint_auth_method: 'none', ...common });
  });

  /** The whole flow up to the callback URL carrying the code. */
  async function callback(extra: Record<string, string> = {}): Promise<string> {
    const browser = new Browser();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, params(extra)));
    return consent(browser, api(), await login(browser, api(), loginChallenge));
  }

  async function redeem(code: string, extra: Record<string, string> = {}, auth = 'web-app:web-secret') {
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...extra });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (auth) headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
    return request('POST', ctx.as.token_endpoint!, body.toString(), headers);
  }

  async function active(token: string): Promise<boolean> {
    const response = await request('POST', `${ctx.server.adminUrl}/admin/oauth2/introspect`, `token=${encodeURIComponent(token)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    return response.body.active;
  }

  it('refuses a login challenge accepted twice, and a consent challenge accepted twice', async () => {
    const browser = new Browser();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, params()));
    await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'alice' } });
    assert.equal(await sdkStatus(api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'mallory' } })), 409);
    assert.equal(await sdkStatus(api().rejectOAuth2LoginRequest({ loginChallenge, rejectOAuth2Request: { error: 'access_denied' } })), 409);
    const browser2 = new Browser();
    const consentChallenge = await login(browser2, api(), await startLogin(browser2, authorizeUrl(ctx.as, params())));
    await api().acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['photos.read'] } });
    assert.equal(await sdkStatus(api().acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['photos.read'] } })), 409);
  });

  it('sends a replayed login or consent verifier back to the client as access_denied', async () => {
    const browser = new Browser();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, params()));
    const { data } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'alice' } });
    assert.match((await browser.visit(data.redirect_to)).location, /consent_challenge=/);
    const replay = await browser.visit(data.redirect_to);
    assert.ok(replay.location.startsWith(`${REDIRECT}?`), replay.location);
    assert.equal(query(replay.location, 'error'), 'access_denied');
    assert.equal(query(replay.location, 'state'), 'state-123456');

    const browser2 = new Browser();
    const consentChallenge = await login(browser2, api(), await startLogin(browser2, authorizeUrl(ctx.as, params())));
    const accepted = await api().acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['photos.read'] } });
    assert.ok(query((await browser2.visit(accepted.data.redirect_to)).location, 'code'));
    const again = await browser2.visit(accepted.data.redirect_to);
    assert.equal(query(again.location, 'error'), 'access_denied');
    assert.equal(query(again.location, 'code'), null);
  });

  it('refuses a login finished in another browser (no CSRF cookie), and still lets the first browser finish', async () => {
    const victim = new Browser();
    const loginChallenge = await startLogin(victim, authorizeUrl(ctx.as, params()));
    const { data } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'alice' } });
    const attacker = new Browser();
    const hop = await attacker.visit(data.redirect_to);
    assert.ok(hop.location.startsWith(`${REDIRECT}?`), hop.location);
    assert.equal(query(hop.location, 'error'), 'request_forbidden');
    assert.equal(query(hop.location, 'consent_challenge'), null);
    assert.match((await victim.visit(data.redirect_to)).location, /consent_challenge=/);
  });

  it('never redirects to an unregistered or ambiguous redirect_uri: the error page instead', async () => {
    for (const extra of [{ redirect_uri: 'https://evil.example/callback' }, { redirect_uri: `${REDIRECT}/../other` }, { redirect_uri: REDIRECT.toUpperCase() }]) {
      const hop = await new Browser().visit(authorizeUrl(ctx.as, params(extra)));
      assert.equal(hop.status, 302);
      assert.ok(hop.location.startsWith(`${ERROR_URL}?`), hop.location);
      assert.equal(query(hop.location, 'error'), 'invalid_request');
    }
    const url = new URL(authorizeUrl(ctx.as, params()));
    url.searchParams.delete('redirect_uri');
    const ambiguous = await new Browser().visit(url.toString());
    assert.ok(ambiguous.location.startsWith(`${ERROR_URL}?`), ambiguous.location);
    const unknown = await new Browser().visit(authorizeUrl(ctx.as, params({ client_id: 'nobody' })));
    assert.ok(unknown.location.startsWith(`${ERROR_URL}?`), unknown.location);
    assert.equal(query(unknown.location, 'error'), 'invalid_client');
  });

  it('answers prompt=none without a session with login_required, keeping state and iss; none with others is invalid', async () => {
    const hop = await new Browser().visit(authorizeUrl(ctx.as, params({ prompt: 'none', state: 'x'.repeat(128) })));
    assert.equal(query(hop.location, 'error'), 'login_required');
    assert.equal(query(hop.location, 'state'), 'x'.repeat(128));
    assert.equal(query(hop.location, 'iss'), ctx.as.issuer);
    const mixed = await new Browser().visit(authorizeUrl(ctx.as, params({ prompt: 'none login' })));
    assert.equal(query(mixed.location, 'error'), 'invalid_request');
  });

  it('refuses the plain PKCE method, a challenge without method, and a public client without PKCE', async () => {
    const { challenge } = await pkce();
    const attempts: Record<string, string>[] = [{ code_challenge: challenge, code_challenge_method: 'plain' }, { code_challenge: challenge }];
    for (const extra of attempts) {
      const hop = await new Browser().visit(authorizeUrl(ctx.as, params(extra)));
      assert.equal(query(hop.location, 'error'), 'invalid_request', hop.location);
    }
    const hop = await new Browser().visit(authorizeUrl(ctx.as, params({ client_id: 'spa' })));
    assert.ok(hop.location.startsWith(`${REDIRECT}?`));
    assert.equal(query(hop.location, 'error'), 'invalid_request');
    assert.match(query(hop.location, 'error_description')!, /code_challenge/);
  });

  it('requires PKCE of every client under oauth2.pkce.enforced', async () => {
    const enforcedDb = await createTestDatabase(ctx.dialect);
    const enforced = await startTestServer({ dsn: enforcedDb.dsn, env: { OAUTH2_PKCE_ENFORCED: 'true', URLS_LOGIN: 'http://login.test/login' } });
    try {
      const enforcedAs = await discover(enforced);
      await createClient(enforced, { client_id: 'web-app', client_secret: 'web-secret', redirect_uris: [REDIRECT], scope: 'photos.read' });
      const refused = await new Browser().visit(authorizeUrl(enforcedAs, params()));
      assert.equal(query(refused.location, 'error'), 'invalid_request');
      const { challenge } = await pkce();
      const accepted = await new Browser().visit(authorizeUrl(enforcedAs, params({ code_challenge: challenge, code_challenge_method: 'S256' })));
      assert.ok(query(accepted.location, 'login_challenge'), accepted.location);
    } finally {
      await enforced.close();
      await enforcedDb.drop();
    }
  });

  it('refuses a wrong PKCE verifier (the code stays usable), a missing one, and a verifier without a challenge', async () => {
    const { verifier, challenge } = await pkce();
    const code = query(await callback({ code_challenge: challenge, code_challenge_method: 'S256' }), 'code')!;
    const wrong = await redeem(code, { code_verifier: oauth.generateRandomCodeVerifier() });
    assert.deepEqual([wrong.status, wrong.body.error], [400, 'invalid_grant']);
    assert.equal((await redeem(code)).body.error, 'invalid_grant');
    assert.equal((await redeem(code, { code_verifier: verifier })).status, 200);

    // RFC 9700 §4.8.2: a verifier for a code issued without a challenge is a downgrade.
    const plainCode = query(await callback(), 'code')!;
    assert.equal((await redeem(plainCode, { code_verifier: verifier })).body.error, 'invalid_grant');
  });

  it('lets a public client redeem with PKCE and no secret', async () => {
    const { verifier, challenge } = await pkce();
    const client = { client_id: 'spa', token_endpoint_auth_method: 'none' };
    const url = await callback({ client_id: 'spa', code_challenge: challenge, code_challenge_method: 'S256' });
    const response = await oauth.authorizationCodeGrantRequest(ctx.as, client, oauth.None(), oauth.validateAuthResponse(ctx.as, client, new URL(url), 'state-123456'), REDIRECT, verifier, insecure);
    assert.match((await oauth.processAuthorizationCodeResponse(ctx.as, client, response)).access_token, /^ory_at_/);
  });

  it('refuses a code redeemed twice and revokes the tokens the first redemption issued', async () => {
    const code = query(await callback(), 'code')!;
    const first = await redeem(code);
    assert.equal(first.status, 200);
    assert.equal(await active(first.body.access_token), true);
    const second = await redeem(code);
    assert.deepEqual([second.status, second.body.error], [400, 'invalid_grant']);
    assert.equal(await active(first.body.access_token), false);
  });

  it('leaves no live token when the same code is redeemed twice at once', async () => {
    const code = query(await callback(), 'code')!;
    const results = await Promise.all([redeem(code), redeem(code)]);
    assert.ok(results.some((r) => r.body.error === 'invalid_grant'), JSON.stringify(results.map((r) => r.body)));
    assert.ok(results.filter((r) => r.status === 200).length <= 1);
    for (const issued of results.filter((r) => r.status === 200)) assert.equal(await active(issued.body.access_token), false);
  });

  it('binds the code to its client and redirect_uri, and expires it after ttl.auth_code', async () => {
    const code = query(await callback(), 'code')!;
    assert.equal((await redeem(code, { redirect_uri: 'http://127.0.0.1:5555/other' })).body.error, 'invalid_grant');
    assert.equal((await redeem(code, { redirect_uri: '' })).body.error, 'invalid_grant');
    assert.equal((await redeem(code, {}, 'spa:')).status, 401);
    const stale = query(await callback(), 'code')!;
    ctx.clock.offsetMs = 11 * 60_000;
    try {
      assert.equal((await redeem(stale)).body.error, 'invalid_grant');
    } finally {
      ctx.clock.offsetMs = 0;
    }
    assert.equal((await redeem(code)).status, 200);
  });

  it('expires a challenge and a verifier after ttl.login_consent_request', async () => {
    const loginChallenge = await startLogin(new Browser(), authorizeUrl(ctx.as, params()));
    ctx.clock.offsetMs = 31 * 60_000;
    try {
      assert.equal(await sdkStatus(api().getOAuth2LoginRequest({ loginChallenge })), 404);
      assert.equal(await sdkStatus(api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'alice' } })), 404);
    } finally {
      ctx.clock.offsetMs = 0;
    }
    const browser = new Browser();
    const { data } = await api().acceptOAuth2LoginRequest({ loginChallenge: await startLogin(browser, authorizeUrl(ctx.as, params())), acceptOAuth2LoginRequest: { subject: 'alice' } });
    ctx.clock.offsetMs = 31 * 60_000;
    try {
      assert.equal(query((await browser.visit(data.redirect_to)).location, 'error'), 'access_denied');
    } finally {
      ctx.clock.offsetMs = 0;
    }
  });

  it('sends a rejected login and a rejected consent back to the client as access_denied', async () => {
    const browser = new Browser();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, params()));
    const rejected = await api().rejectOAuth2LoginRequest({ loginChallenge, rejectOAuth2Request: { error: 'access_denied', error_description: 'The resource owner denied the request' } });
    const hop = await browser.visit(rejected.data.redirect_to);
    assert.ok(hop.location.startsWith(`${REDIRECT}?`), hop.location);
    assert.equal(query(hop.location, 'error'), 'access_denied');
    assert.equal(query(hop.location, 'error_description'), 'The resource owner denied the request');
    assert.equal(query(hop.location, 'state'), 'state-123456');
    assert.equal(query(hop.location, 'iss'), ctx.as.issuer);

    const browser2 = new Browser();
    const consentChallenge = await login(browser2, api(), await startLogin(browser2, authorizeUrl(ctx.as, params())));
    const denied = await api().rejectOAuth2ConsentRequest({ consentChallenge, rejectOAuth2Request: { error: 'access_denied' } });
    const back = await browser2.visit(denied.data.redirect_to);
    assert.equal(query(back.location, 'error'), 'access_denied');
    assert.equal(query(back.location, 'code'), null);
  });

  it('answers an unsupported response type and a scope the client lacks by redirect', async () => {
    // A token-bearing response type answers in the fragment, even with its error (fosite's default mode).
    const token = (await new Browser().visit(authorizeUrl(ctx.as, params({ response_type: 'token' })))).location;
    assert.equal(new URLSearchParams(new URL(token).hash.slice(1)).get('error'), 'unsupported_response_type');
    assert.equal(query((await new Browser().visit(authorizeUrl(ctx.as, params({ scope: 'admin' })))).location, 'error'), 'invalid_scope');
  });
});
