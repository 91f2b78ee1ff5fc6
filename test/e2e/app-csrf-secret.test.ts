/**
 * Several instances of the reference app behind one load balancer (CSRF_SECRET): a login form
 * rendered by one instance is accepted when posted to another that shares the key, and refused
 * (403) by an instance with its own random key. Real Tessera, real login challenge, real HTTP.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { startLoginConsentApp, type RunningLoginConsentApp } from '../../apps/login-consent/server.js';
import { CSRF_COOKIE } from '../../apps/login-consent/csrf.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { freePort } from '../support/ports.js';

const APP_MAIN = fileURLToPath(new URL('../../apps/login-consent/main.js', import.meta.url));
const SHARED = randomBytes(32).toString('hex');
const REDIRECT = 'http://127.0.0.1:9/callback';

let server: TestServer;
const apps: RunningLoginConsentApp[] = [];
let first: RunningLoginConsentApp;

before(async () => {
  const firstPort = await freePort();
  server = await startTestServer({ env: { URLS_LOGIN: `http://127.0.0.1:${firstPort}/login`, URLS_CONSENT: `http://127.0.0.1:${firstPort}/consent` } });
  first = await startLoginConsentApp({ port: firstPort, hydraAdminUrl: server.adminUrl, csrfSecret: SHARED, log: () => {} });
  apps.push(first);
  await new OAuth2Api(new Configuration({ basePath: server.adminUrl })).createOAuth2Client({
    oAuth2Client: { client_id: 'behind-a-balancer', client_secret: 'behind-a-balancer-secret', grant_types: ['authorization_code'], response_types: ['code'], scope: 'openid', redirect_uris: [REDIRECT] },
  });
});
after(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await server?.close();
});

async function startApp(csrfSecret?: string): Promise<RunningLoginConsentApp> {
  const app = await startLoginConsentApp({ port: 0, hydraAdminUrl: server.adminUrl, ...(csrfSecret ? { csrfSecret } : {}), log: () => {} });
  apps.push(app);
  return app;
}

/** An authorization request sent to the login page of the first instance: its form, cookie and challenge. */
async function loginForm(): Promise<{ challenge: string; cookie: string; token: string }> {
  const authorize = new URL(`${server.publicUrl}/oauth2/auth`);
  authorize.search = new URLSearchParams({ client_id: 'behind-a-balancer', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 'state-0123456789' }).toString();
  const toLogin = await fetch(authorize, { redirect: 'manual' });
  assert.equal(toLogin.status, 302, await toLogin.text());
  const loginUrl = new URL(toLogin.headers.get('location')!);
  assert.equal(loginUrl.origin, first.url);
  const page = await fetch(loginUrl, { redirect: 'manual' });
  assert.equal(page.status, 200);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  assert.ok(cookie.startsWith(`${CSRF_COOKIE}=`) && token);
  return { challenge: loginUrl.searchParams.get('login_challenge')!, cookie, token };
}

function postLogin(app: RunningLoginConsentApp, form: { challenge: string; cookie: string; token: string }): Promise<Response> {
  return fetch(`${app.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
    body: new URLSearchParams({ challenge: form.challenge, _csrf: form.token, email: 'foo@bar.com', password: 'foobar', submit: 'login' }).toString(),
  });
}

describe('reference app: CSRF_SECRET shared by several instances', () => {
  it('a form rendered by one instance is refused by an instance with its own random key, and accepted by one sharing CSRF_SECRET', async () => {
    const form = await loginForm();
    const stranger = await startApp();
    assert.equal((await postLogin(stranger, form)).status, 403, 'a random per-process key does not accept another instance\'s cookie');
    const otherKey = await startApp(randomBytes(32).toString('hex'));
    assert.equal((await postLogin(otherKey, form)).status, 403, 'a different configured key does not either');
    const sibling = await startApp(SHARED);
    const accepted = await postLogin(sibling, form);
    assert.equal(accepted.status, 302, await accepted.text());
    // Accepted by Tessera: the browser goes back to the authorization endpoint with a login verifier.
    const back = new URL(accepted.headers.get('location')!);
    assert.equal(back.origin, server.publicUrl);
    assert.ok(back.searchParams.get('login_verifier'), back.href);
  });

  it('refuses a CSRF_SECRET shorter than 32 characters at start, without echoing it', async () => {
    const secret = 'only-twenty-characters!'.slice(0, 20);
    const result = spawnSync(process.execPath, [APP_MAIN], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HYDRA_ADMIN_URL: server.adminUrl, PORT: '0', CSRF_SECRET: secret },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stderr, /CSRF_SECRET must be at least 32 characters long \(got 20\)/);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(secret), 'the secret is not echoed');
    assert.doesNotMatch(result.stdout, /Login and consent app on/);
    await assert.rejects(startApp('x'.repeat(31)), /CSRF_SECRET must be at least 32 characters/);
  });
});
