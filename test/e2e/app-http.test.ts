/**
 * The reference login/consent app over plain HTTP against a stand-in admin API: the answers that
 * need no browser (security headers, CSRF refusals, error pages, `skip` accepted at once).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { startLoginConsentApp, type RunningLoginConsentApp } from '../../apps/login-consent/server.js';
import { CSRF_COOKIE } from '../../apps/login-consent/csrf.js';
import { consentRequest, loginRequest, startFakeAdmin, type FakeAdmin } from './fake-admin.js';
import { freePort } from '../support/ports.js';

let admin: FakeAdmin;
let app: RunningLoginConsentApp;
const logLines: string[] = [];

before(async () => {
  admin = await startFakeAdmin();
  app = await startLoginConsentApp({ port: 0, hydraAdminUrl: admin.url, log: (line) => logLines.push(line) });
});
after(async () => {
  await app.close();
  await admin.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, { redirect: 'manual', headers });
const post = (path: string, form: Record<string, string>, cookie?: string) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(form).toString(),
  });

/** The CSRF cookie and hidden token a real GET hands out. */
async function formSession(path: string): Promise<{ cookie: string; token: string }> {
  const response = await get(path);
  assert.equal(response.status, 200);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1];
  assert.ok(cookie.startsWith(`${CSRF_COOKIE}=`) && token);
  return { cookie, token };
}

describe('reference app: headers and error pages', () => {
  it('serves pages with a CSP, no framing, no referrer and no caching', async () => {
    admin.login.set('hdr', loginRequest('hdr'));
    const response = await get('/login?login_challenge=hdr');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Lax/);
    const page = await response.text();
    assert.doesNotMatch(page, /<script/i);
    assert.match(page, /Demo &lt;Client&gt;/, 'the client name is escaped');
    assert.match(page, /foo@bar\.com/, 'the demo account is printed on the page');
  });

  it('serves the stylesheet', async () => {
    const response = await get('/static/style.css');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/css/);
    assert.match(await response.text(), /\.card/);
  });

  it('answers a missing challenge with 400 and an unknown one with the expired page, without internals', async () => {
    const missing = await get('/login');
    assert.equal(missing.status, 400);
    assert.match(await missing.text(), /login_challenge parameter is missing/);
    const unknown = await get('/consent?consent_challenge=nope');
    assert.equal(unknown.status, 404);
    const page = await unknown.text();
    assert.match(page, /unknown or has expired/);
    assert.doesNotMatch(page, /at .*\.js:\d+|Error:|nope/);
    assert.ok(logLines.some((line) => line.includes('404')) && logLines.every((line) => !line.includes('nope')));
  });

  it('answers 502 when the admin API cannot be reached', async () => {
    const port = await freePort();
    const lonely = await startLoginConsentApp({ port: 0, hydraAdminUrl: `http://127.0.0.1:${port}`, log: () => {} });
    try {
      const response = await fetch(`${lonely.url}/login?login_challenge=x`);
      assert.equal(response.status, 502);
      assert.match(await response.text(), /could not be reached/);
    } finally {
      await lonely.close();
    }
  });

  it('sends the browser on when the admin API says the request was already handled (410)', async () => {
    admin.handled.add('used');
    const response = await get('/login?login_challenge=used');
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `${admin.url}/done/login/handled`);
  });

  it('answers unknown paths with an HTML 404', async () => {
    const response = await get('/nowhere');
    assert.equal(response.status, 404);
    assert.match(await response.text(), /Page not found/);
  });
});

describe('reference app: CSRF', () => {
  for (const path of ['/login', '/consent', '/logout']) {
    it(`refuses POST ${path} without the token, before calling the admin API`, async () => {
      const before = admin.calls.length;
      const response = await post(path, { challenge: 'c', email: 'foo@bar.com', password: 'foobar', submit: 'allow' });
      assert.equal(response.status, 403);
      assert.match(await response.text(), /form has expired/);
      assert.equal(admin.calls.length, before);
    });
  }

  it('refuses a token that does not match the cookie, and a cookie with a forged signature', async () => {
    admin.login.set('csrf', loginRequest('csrf'));
    const { cookie, token } = await formSession('/login?login_challenge=csrf');
    const form = { challenge: 'csrf', email: 'foo@bar.com', password: 'foobar', submit: 'login' };
    assert.equal((await post('/login', { ...form, _csrf: `${token}x` }, cookie)).status, 403);
    const forged = `${CSRF_COOKIE}=${token}.${'A'.repeat(43)}`;
    assert.equal((await post('/login', { ...form, _csrf: token }, forged)).status, 403);
    const accepted = await post('/login', { ...form, _csrf: token }, cookie);
    assert.equal(accepted.status, 302);
    assert.match(accepted.headers.get('location') ?? '', /\/done\/login\/accept$/);
  });
});

describe('reference app: skip', () => {
  it('accepts a remembered login at once with the known subject', async () => {
    admin.login.set('skip-login', loginRequest('skip-login', { skip: true, subject: 'foo@bar.com' }));
    const response = await get('/login?login_challenge=skip-login');
    assert.equal(response.status, 302);
    const call = admin.calls.at(-1)!;
    assert.equal(call.path, '/admin/oauth2/auth/requests/login/accept');
    assert.deepEqual(call.body, { subject: 'foo@bar.com' });
  });

  it('accepts a remembered consent, or a skip_consent client, with what was requested', async () => {
    admin.consent.set('skip-1', consentRequest('skip-1', { skip: true }));
    admin.consent.set('skip-2', consentRequest('skip-2', {
      requested_scope: ['openid'],
      client: { client_id: 'first-party', skip_consent: true },
    }));
    assert.equal((await get('/consent?consent_challenge=skip-1')).status, 302);
    assert.deepEqual(admin.calls.at(-1)!.body, {
      grant_scope: ['openid', 'offline', 'email', 'profile'],
      grant_access_token_audience: ['https://api.example.com'],
      session: { access_token: {}, id_token: { email: 'foo@bar.com', email_verified: true, name: 'Foo Bar' } },
    });
    assert.equal((await get('/consent?consent_challenge=skip-2')).status, 302);
    assert.deepEqual(admin.calls.at(-1)!.body, {
      grant_scope: ['openid'],
      grant_access_token_audience: ['https://api.example.com'],
      session: { access_token: {}, id_token: {} },
    });
  });
});

describe('reference app: command line', () => {
  it('starts with `node dist/apps/login-consent/main.js`, prints where it listens, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['dist/apps/login-consent/main.js'], {
      env: { ...process.env, PORT: '0', HYDRA_ADMIN_URL: admin.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /on (http:\/\/\S+) /.exec(output);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${output}`)));
      });
      assert.match(output, /Demo account: foo@bar\.com \/ foobar/);
      assert.equal((await fetch(`${url}/static/style.css`)).status, 200);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a PORT that is not a port', async () => {
    const child = spawn(process.execPath, ['dist/apps/login-consent/main.js'], {
      env: { ...process.env, PORT: 'http', HYDRA_ADMIN_URL: admin.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.match(errors, /PORT must be a port number/);
  });
});
