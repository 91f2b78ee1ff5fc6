/**
 * No secret in any log line, at the most verbose level. A real server logs at trace, as JSON,
 * into memory, while the whole protocol runs through its real endpoints: a client with a secret,
 * client credentials, introspection, revocation, the code flow with PKCE through the reference
 * login/consent app (a wrong password first, then the demo one), code exchange and replay,
 * refresh, userinfo, logout, a denied login and a few bad requests. Every secret used or received
 * on the way is collected; none may appear in Tessera's log or in the app's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import * as oauth from 'oauth4webapi';
import { createLogger } from '../../src/http/logging/logger.js';
import { startLoginConsentApp, type RunningLoginConsentApp } from '../../apps/login-consent/server.js';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../apps/login-consent/demo-account.js';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';
import { freePort } from '../support/ports.js';
import { json } from '../support/http.js';
import { FormBrowser, hiddenFields } from './form-browser.js';

const CALLBACK = 'http://127.0.0.1:9/callback';
const LOGGED_OUT = 'http://127.0.0.1:9/logged-out';
const CLIENT_ID = 'log-scan-client';
const INBOUND_REQUEST_ID = 'gateway-req-7f3a9c';

/** Every value a log must never show, with the parts of each that are secret on their own. */
class Secrets {
  readonly values = new Set<string>();

  keep(value: string | null | undefined): string {
    assert.ok(value, 'a secret the run needed is missing');
    this.values.add(value);
    // An opaque token is "<prefix><key>.<signature>"; a JWT is "<header>.<claims>.<signature>".
    // The key, the HMAC signature and the JWT signature each identify or forge the token alone.
    const parts = value.split('.');
    if (parts.length === 2) parts.forEach((part) => this.values.add(part.replace(/^ory_(at|rt|ac)_/, '')));
    if (parts.length === 3) this.values.add(parts[2]!);
    const decoded = safeDecode(value);
    if (decoded !== value) this.values.add(decoded);
    if (encodeURIComponent(value) !== value) this.values.add(encodeURIComponent(value));
    return value;
  }

  /** The secrets found in `lines`, each with the first line that holds it. */
  leaks(lines: readonly string[]): string[] {
    const found: string[] = [];
    for (const secret of this.values) {
      if (secret.length < 6) continue;
      const line = lines.find((candidate) => candidate.includes(secret));
      if (line) found.push(`${secret.slice(0, 12)}... in ${line.slice(0, 300)}`);
    }
    return found;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

describe('logs at trace level hold no secret (sqlite)', () => {
  const logLines: string[] = [];
  const appLog: string[] = [];
  const secrets = new Secrets();
  let server: TestServer;
  let app: RunningLoginConsentApp;
  let pub: string;
  let admin: string;

  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    server = await startTestServer({
      logger: createLogger('trace', 'json', sink),
      env: { URLS_LOGIN: `${appUrl}/login`, URLS_CONSENT: `${appUrl}/consent`, URLS_LOGOUT: `${appUrl}/logout` },
    });
    app = await startLoginConsentApp({ port: appPort, hydraAdminUrl: server.adminUrl, log: (line) => appLog.push(line) });
    pub = server.publicUrl;
    admin = server.adminUrl;
    secrets.keep(TEST_SECRET);
  });
  after(async () => {
    await app?.close();
    await server?.close();
  });

  const form = (url: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(body).toString() });

  it('runs the whole protocol, keeping every secret it meets', async () => {
    // A client with a secret of its own, and one whose secret the server generates.
    const clientSecret = secrets.keep(randomBytes(24).toString('base64url'));
    const created = await fetch(`${admin}/admin/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': INBOUND_REQUEST_ID },
      body: JSON.stringify({
        client_id: CLIENT_ID,
        client_secret: clientSecret,
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        scope: 'openid offline_access',
        redirect_uris: [CALLBACK],
        post_logout_redirect_uris: [LOGGED_OUT],
      }),
    });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('x-request-id'), INBOUND_REQUEST_ID);
    const generated = await json(await fetch(`${admin}/admin/clients`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_types: ['client_credentials'] }),
    }));
    secrets.keep(generated.client_secret);
    const auth = { authorization: secrets.keep(basic(CLIENT_ID, clientSecret)) };
    secrets.keep(auth.authorization.slice('Basic '.length));

    // Client credentials, introspection (admin), revocation (public), introspection again.
    const cc = await json(await form(`${pub}/oauth2/token`, { grant_type: 'client_credentials' }, auth));
    secrets.keep(cc.access_token);
    const active = await json(await form(`${admin}/admin/oauth2/introspect`, { token: cc.access_token }));
    assert.equal(active.active, true);
    assert.equal((await form(`${pub}/oauth2/revoke`, { token: cc.access_token }, auth)).status, 200);
    assert.equal((await json(await form(`${admin}/admin/oauth2/introspect`, { token: cc.access_token }))).active, false);

    // Failures: a wrong secret (basic and in the body), a missing grant_type, a forged token.
    const wrongSecret = secrets.keep(`wrong-${randomBytes(12).toString('hex')}`);
    assert.equal((await form(`${pub}/oauth2/token`, { grant_type: 'client_credentials' }, { authorization: secrets.keep(basic(CLIENT_ID, wrongSecret)) })).status, 401);
    assert.equal((await form(`${pub}/oauth2/token`, { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: wrongSecret })).status, 401);
    assert.equal((await form(`${pub}/oauth2/token`, { scope: 'openid' }, auth)).status, 400);
    const forged = secrets.keep(`ory_at_${randomBytes(32).toString('base64url')}.${randomBytes(32).toString('base64url')}`);
    assert.equal((await json(await form(`${admin}/admin/oauth2/introspect`, { token: forged }))).active, false);
    assert.equal((await fetch(`${pub}/userinfo`, { headers: { authorization: `Bearer ${forged}` } })).status, 401);
    assert.equal((await fetch(`${admin}/admin/clients`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"client_secret":"${clientSecret}",` })).status, 400);

    // The code flow with PKCE, through the reference app: a wrong password, then the demo one.
    const browser = new FormBrowser();
    const verifier = secrets.keep(oauth.generateRandomCodeVerifier());
    const challenge = secrets.keep(await oauth.calculatePKCECodeChallenge(verifier));
    const state = secrets.keep(oauth.generateRandomState());
    const nonce = secrets.keep(oauth.generateRandomNonce());
    const authorize = new URL(`${pub}/oauth2/auth`);
    authorize.search = new URLSearchParams({
      client_id: CLIENT_ID, response_type: 'code', redirect_uri: CALLBACK, scope: 'openid offline_access',
      state, nonce, code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();
    const toLogin = await browser.get(authorize.href);
    assert.equal(toLogin.status, 302, toLogin.body);
    secrets.keep(new URL(toLogin.location).searchParams.get('login_challenge'));
    const loginPage = await browser.get(toLogin.location);
    assert.equal(loginPage.status, 200);
    let fields = hiddenFields(loginPage.body);
    secrets.keep(fields._csrf);
    const wrongPassword = secrets.keep(`pw-${randomBytes(9).toString('hex')}`);
    const failed = await browser.post(`${app.url}/login`, { ...fields, email: DEMO_EMAIL, password: wrongPassword, submit: 'login' });
    assert.equal(failed.status, 200);
    assert.match(failed.body, /incorrect/);
    fields = hiddenFields(failed.body);
    secrets.keep(fields._csrf);
    secrets.keep(DEMO_PASSWORD);
    const loggedIn = await browser.post(`${app.url}/login`, { ...fields, email: DEMO_EMAIL, password: DEMO_PASSWORD, remember: '1', submit: 'login' });
    assert.equal(loggedIn.status, 302, loggedIn.body);
    secrets.keep(new URL(loggedIn.location).searchParams.get('login_verifier'));
    const toConsent = await browser.get(loggedIn.location);
    assert.equal(toConsent.status, 302, toConsent.body);
    secrets.keep(new URL(toConsent.location).searchParams.get('consent_challenge'));
    const consentPage = await browser.get(toConsent.location);
    assert.equal(consentPage.status, 200);
    fields = hiddenFields(consentPage.body);
    secrets.keep(fields._csrf);
    const consented = await browser.post(`${app.url}/consent`, { ...fields, grant_scope: ['openid', 'offline_access'], submit: 'allow' });
    assert.equal(consented.status, 302, consented.body);
    secrets.keep(new URL(consented.location).searchParams.get('consent_verifier'));
    const toCallback = await browser.get(consented.location);
    assert.equal(toCallback.status, 302, toCallback.body);
    assert.ok(toCallback.location.startsWith(CALLBACK), toCallback.location);
    const code = secrets.keep(new URL(toCallback.location).searchParams.get('code'));

    // The code exchange, a refresh, and userinfo with the refreshed token (the code's replay
    // comes last: it revokes everything the code issued).
    const exchange = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
    const tokens = await json(await form(`${pub}/oauth2/token`, exchange, auth));
    secrets.keep(tokens.access_token);
    secrets.keep(tokens.refresh_token);
    const idToken = secrets.keep(tokens.id_token);
    const refreshed = await json(await form(`${pub}/oauth2/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, auth));
    secrets.keep(refreshed.access_token);
    secrets.keep(refreshed.refresh_token);
    secrets.keep(refreshed.id_token);
    const userinfo = await fetch(`${pub}/userinfo`, { headers: { authorization: `Bearer ${refreshed.access_token}` } });
    assert.equal(userinfo.status, 200);

    // RP-initiated logout, confirmed on the app.
    const logout = new URL(`${pub}/oauth2/sessions/logout`);
    logout.search = new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: LOGGED_OUT, state }).toString();
    const toLogout = await browser.get(logout.href);
    assert.equal(toLogout.status, 302, toLogout.body);
    secrets.keep(new URL(toLogout.location).searchParams.get('logout_challenge'));
    const logoutPage = await browser.get(toLogout.location);
    assert.equal(logoutPage.status, 200, logoutPage.body);
    fields = hiddenFields(logoutPage.body);
    secrets.keep(fields._csrf);
    const confirmed = await browser.post(`${app.url}/logout`, { ...fields, submit: 'yes' });
    assert.equal(confirmed.status, 302, confirmed.body);
    secrets.keep(new URL(confirmed.location).searchParams.get('logout_verifier'));
    const loggedOut = await browser.get(confirmed.location);
    assert.equal(loggedOut.status, 302, loggedOut.body);
    assert.ok(loggedOut.location.startsWith(LOGGED_OUT), loggedOut.location);

    // A denied login: the app rejects the login request through the admin API.
    const again = await browser.get(authorize.href);
    secrets.keep(new URL(again.location).searchParams.get('login_challenge'));
    const denyPage = await browser.get(again.location);
    fields = hiddenFields(denyPage.body);
    const denied = await browser.post(`${app.url}/login`, { ...fields, submit: 'deny' });
    assert.equal(denied.status, 302, denied.body);
    secrets.keep(new URL(denied.location).searchParams.get('login_verifier'));
    const deniedCallback = await browser.get(denied.location);
    assert.equal(new URL(deniedCallback.location).searchParams.get('error'), 'access_denied');

    assert.equal((await form(`${pub}/oauth2/token`, exchange, auth)).status, 400, 'the replayed code');

    // Every cookie either side set: CSRF cookies, the session cookie, the app's CSRF cookie.
    assert.ok(browser.cookieValuesSeen.size >= 3, 'the run set CSRF and session cookies');
    for (const value of browser.cookieValuesSeen) secrets.keep(value);
  });

  it('logged the run, each request line with its request id', () => {
    assert.ok(logLines.length > 50, `the captured log is too short to mean anything (${logLines.length} lines)`);
    const records = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requestLines = records.filter((record) => record.msg === 'incoming request' || record.msg === 'request completed');
    assert.ok(requestLines.length > 40);
    for (const record of requestLines) assert.ok(typeof record.request_id === 'string' && record.request_id, JSON.stringify(record));
    assert.ok(new Set(requestLines.map((record) => record.request_id)).size > 20, 'ids differ per request');
    assert.ok(requestLines.some((record) => record.request_id === INBOUND_REQUEST_ID), 'the inbound X-Request-Id is logged');
    // Error responses are logged (at debug) with their request id and OAuth error code.
    const rejected = records.filter((record) => record.msg === 'request rejected');
    assert.ok(rejected.some((record) => record.error === 'invalid_client' && record.status === 401 && typeof record.request_id === 'string'), JSON.stringify(rejected));
    assert.ok(rejected.some((record) => record.error === 'invalid_grant'), 'the replayed code is logged as invalid_grant');
  });

  it('finds no secret in Tessera\'s log', () => {
    assert.ok(secrets.values.size > 30, `only ${secrets.values.size} secrets were collected`);
    assert.deepEqual(secrets.leaks(logLines), []);
  });

  it('finds no secret in the reference app\'s log', () => {
    assert.deepEqual(secrets.leaks(appLog), []);
  });

  it('would notice a secret that did reach a log line (the scan itself works)', () => {
    const [someSecret] = [...secrets.values].filter((value) => value.startsWith('ory_rt_'));
    assert.ok(someSecret);
    assert.equal(secrets.leaks([...logLines, JSON.stringify({ msg: 'oops', token: someSecret })]).length >= 1, true);
  });
});
