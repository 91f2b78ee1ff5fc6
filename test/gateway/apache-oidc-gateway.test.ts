/**
 * Issue 5's gateway scenario (seed 002, "APISIX integrates with Ory Hydra"), with Apache httpd +
 * mod_auth_openidc as the API gateway: a browser asks the gateway for a protected page, is sent
 * to Tessera's /oauth2/auth, signs in and consents on the reference login/consent app, and lands
 * on the upstream page with the identity the gateway passed. The gateway is an unmodified
 * third-party relying party: it learns every endpoint from discovery, redeems the code with
 * client_secret_basic and PKCE, and checks the ID token against the JWKS.
 *
 * Runs once, on the first database of TEST_DATABASES (it tests the gateway, not storage).
 * Apache or the module missing fails the test: `.ci/run` installs them.
 */
// test-databases: once
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import type { Page } from 'playwright-core';
import { startLoginConsentApp, type RunningLoginConsentApp } from '../../apps/login-consent/server.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { freePort } from '../support/ports.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { launchBrowser, type TestBrowser } from '../e2e/browser.js';
import { assertApacheInstalled, startGateway, type RunningGateway } from './apache.js';
import { startUpstream, type Upstream } from './upstream.js';

const CLIENT_ID = 'apache-gateway';
/**
 * Reserved characters on purpose: mod_auth_openidc form-urlencodes the id and secret before
 * Basic-encoding them (RFC 6749 §2.3.1), and Tessera must decode them, as Hydra does.
 */
const CLIENT_SECRET = 'gw:secret/with+reserved=chars&%20!0123456789';
const SCOPE = 'openid email profile';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http, not fetch: fetch adds Sec-Fetch-Mode: cors, which mod_auth_openidc treats as XHR. */
function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Apache httpd + mod_auth_openidc as the gateway in front of an upstream, Tessera as the provider', () => {
  const dialect = testDialects()[0]!;
  let database: TestDatabase;
  let server: TestServer;
  let app: RunningLoginConsentApp;
  let upstream: Upstream;
  let gateway: RunningGateway;
  let browser: TestBrowser;
  let page: Page;
  let issuer: string;
  const tesseraRequests: string[] = [];

  before(async () => {
    // Loud and first: no point provisioning anything without the gateway.
    assertApacheInstalled();
    database = await createTestDatabase(dialect);
    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    server = await startTestServer({
      dsn: database.dsn,
      env: { URLS_LOGIN: `${appUrl}/login`, URLS_CONSENT: `${appUrl}/consent`, URLS_LOGOUT: `${appUrl}/logout` },
    });
    issuer = server.registry.config.urls.self.issuer;
    app = await startLoginConsentApp({ port: appPort, hydraAdminUrl: server.adminUrl, log: () => {} });
    upstream = await startUpstream();

    const gatewayPort = await freePort();
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    // The gateway's client, as seed 002 creates it (code flow, client_secret_basic, the
    // gateway's own callback), through the admin API with the official SDK.
    const admin = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
    await admin.createOAuth2Client({
      oAuth2Client: {
        client_id: CLIENT_ID,
        client_name: 'Apache Gateway',
        client_secret: CLIENT_SECRET,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: SCOPE,
        redirect_uris: [`${gatewayUrl}/callback`],
        post_logout_redirect_uris: [`${gatewayUrl}/loggedout`],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    });
    gateway = await startGateway({
      port: gatewayPort,
      metadataUrl: new URL('.well-known/openid-configuration', issuer).href,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: `${gatewayUrl}/callback`,
      upstreamUrl: upstream.url,
      scope: SCOPE,
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('request', (request) => {
      if (request.url().startsWith(issuer)) tesseraRequests.push(new URL(request.url()).pathname);
    });
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
    await upstream?.close();
    await app?.close();
    await server?.close();
    await database?.drop();
  });

  /** Waits for the browser to arrive; on a timeout, says where it is stuck instead. */
  async function arrive(where: (url: URL) => boolean, name: string): Promise<void> {
    try {
      await page.waitForURL(where, { timeout: 15_000 });
    } catch {
      const text = await page.locator('body').innerText({ timeout: 1000 }).catch(() => '(no body)');
      assert.fail(`expected ${name}; the browser is on ${page.url()}: ${text.trim().slice(0, 300)}\n--- gateway error.log (tail)\n${(await gateway.errorLog()).split('\n').filter((l) => !l.includes(':debug]')).slice(-20).join('\n')}`);
    }
  }
  const onApp = (path: string) => (url: URL) => url.origin === app.url && url.pathname === path;
  const onGateway = (path: string) => (url: URL) => url.origin === gateway.url && url.pathname === path;

  it('redirects a request without a session to Tessera /oauth2/auth, and never serves it', async () => {
    const response = await get(`${gateway.url}/index.html`, { accept: 'text/html' });
    assert.equal(response.status, 302, response.body);
    const location = new URL(response.headers.location!);
    assert.equal(location.origin + location.pathname, new URL('oauth2/auth', issuer).href, 'the authorization endpoint from discovery');
    assert.equal(location.searchParams.get('client_id'), CLIENT_ID);
    assert.equal(location.searchParams.get('response_type'), 'code');
    assert.equal(location.searchParams.get('redirect_uri'), `${gateway.url}/callback`);
    assert.equal(location.searchParams.get('scope'), SCOPE);
    assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(location.searchParams.get('state') && location.searchParams.get('nonce'));

    // A script's request is refused outright rather than sent on a login round trip.
    const xhr = await get(`${gateway.url}/headers`, { accept: 'application/json', 'x-requested-with': 'XMLHttpRequest' });
    assert.equal(xhr.status, 401);
    assert.deepEqual(upstream.hits, [], 'nothing reached the upstream without a session');
  });

  it('signs in through Tessera and the reference app, and lands on the upstream with the subject the gateway passed', async () => {
    await page.goto(`${gateway.url}/index.html`);
    await arrive(onApp('/login'), 'the login page');
    assert.ok(tesseraRequests.includes('/oauth2/auth'), 'the browser went through Tessera /oauth2/auth');
    assert.match((await page.locator('.lead').textContent()) ?? '', /Apache Gateway/);

    await page.getByLabel('Email address').fill('foo@bar.com');
    await page.getByLabel('Password').fill('foobar');
    // Remembered, so that the logout below has a Tessera login session to end.
    await page.getByLabel('Remember me').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await arrive(onApp('/consent'), 'the consent page');
    assert.equal(await page.locator('h1').textContent(), 'Authorize Apache Gateway');
    await page.getByRole('button', { name: 'Allow' }).click();

    await arrive(onGateway('/index.html'), 'the upstream page behind the gateway');
    assert.equal(await page.locator('h1').textContent(), 'Welcome to the upstream');
    assert.equal(await page.locator('#subject').textContent(), 'foo@bar.com');
    await browser.screenshot(page, 'gateway-upstream');

    const hit = upstream.hits.at(-1)!;
    assert.equal(hit.path, '/index.html');
    assert.equal(hit.headers['oidc_claim_sub'], 'foo@bar.com');
    assert.equal(hit.headers['oidc_claim_email'], 'foo@bar.com');
    assert.equal(hit.headers['oidc_claim_iss'], issuer, 'the ID token came from Tessera');
    assert.equal(hit.headers['oidc_claim_aud'], CLIENT_ID);
    assert.equal(hit.headers['x-gateway'], 'apache-mod_auth_openidc');

    // The access token the gateway got from Tessera's token endpoint is Tessera's, for this client.
    const accessToken = hit.headers['oidc_access_token'];
    assert.equal(typeof accessToken, 'string', 'the gateway forwards its access token');
    const introspection = await fetch(`${server.adminUrl}/admin/oauth2/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: accessToken as string }).toString(),
    });
    const token = (await introspection.json()) as Record<string, unknown>;
    assert.equal(token.active, true);
    assert.equal(token.client_id, CLIENT_ID);
    assert.equal(token.sub, 'foo@bar.com');

    // The gateway talked to Tessera on its own: discovery, JWKS, token and userinfo endpoints.
    const log = await gateway.errorLog();
    for (const path of ['.well-known/openid-configuration', '.well-known/jwks.json', 'oauth2/token', 'userinfo']) {
      assert.ok(log.includes(`url=${new URL(path, issuer).href}`), `the gateway called ${path}`);
    }
    assert.deepEqual(log.split('\n').filter((line) => /:(error|crit|alert|emerg)\]/.test(line)), [], 'the gateway logged no error');
    assert.match(await gateway.accessLog(), /"GET \/callback\?[^"]*" 302 http:\/\/127\.0\.0\.1:\d+\/index\.html/, 'the callback sent the browser back to the page it asked for');
  });

  it('serves a second request from the session cookie, without a new login', async () => {
    const before = tesseraRequests.length;
    const appPages: string[] = [];
    const watch = (request: import('playwright-core').Request) => {
      if (request.url().startsWith(app.url)) appPages.push(request.url());
    };
    page.on('request', watch);
    try {
      await page.goto(`${gateway.url}/second.html`);
      await arrive(onGateway('/second.html'), 'the second upstream page');
    } finally {
      page.off('request', watch);
    }
    assert.equal(await page.locator('#subject').textContent(), 'foo@bar.com');
    assert.equal(tesseraRequests.length, before, 'no request went to Tessera');
    assert.deepEqual(appPages, [], 'no login or consent page');

    // The same cookie outside the browser: the session is the cookie, and a forged identity
    // header from the client is scrubbed by the gateway.
    const cookies = await browser.context.cookies(gateway.url);
    assert.ok(cookies.some((cookie) => cookie.name === 'mod_auth_openidc_session'), 'the gateway set its session cookie');
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const response = await get(`${gateway.url}/headers`, { accept: 'application/json', cookie, oidc_claim_sub: 'admin' });
    assert.equal(response.status, 200);
    const echoed = JSON.parse(response.body) as { claims: Record<string, string> };
    assert.equal(echoed.claims.sub, 'foo@bar.com');

    const anonymous = await get(`${gateway.url}/headers`, { accept: 'text/html', oidc_claim_sub: 'admin' });
    assert.equal(anonymous.status, 302, 'a forged identity header without a session is still sent to log in');
  });

  it("logs out through the gateway: its session and Tessera's end, and the next visit asks to sign in", async () => {
    const cookies = await browser.context.cookies(gateway.url);
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const loggedOut = `${gateway.url}/loggedout`;
    // Hydra's remembered-login cookie (ory_hydra_session, _dev suffixed in dev mode).
    const tesseraSession = async () => (await browser.context.cookies(issuer)).filter((c) => c.name.startsWith('ory_hydra_session'));
    assert.equal((await tesseraSession()).length, 1, 'Tessera remembers the login before the logout');
    // mod_auth_openidc's logout: clears its session, then RP-initiated logout at the
    // end_session_endpoint from discovery, with id_token_hint and post_logout_redirect_uri.
    await page.goto(`${gateway.url}/callback?logout=${encodeURIComponent(loggedOut)}`);
    await arrive(onApp('/logout'), 'the logout page of the reference app');
    assert.ok(tesseraRequests.includes('/oauth2/sessions/logout'), 'the browser went through Tessera /oauth2/sessions/logout');
    assert.match((await page.locator('.lead').textContent()) ?? '', /foo@bar\.com/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await arrive(onGateway('/loggedout'), 'the post-logout page');
    assert.equal(await page.locator('#subject').textContent(), '(nobody)');
    assert.deepEqual(await tesseraSession(), [], "Tessera's login session ended");

    const stale = await get(`${gateway.url}/headers`, { accept: 'text/html', cookie });
    assert.equal(stale.status, 302, 'the old session cookie no longer opens the upstream');
    await page.goto(`${gateway.url}/index.html`);
    await arrive(onApp('/login'), 'the login page, since both sessions ended');
  });
});
