/**
 * The reference app's pages in headless Chromium against a stand-in admin API: what a person
 * sees and does (labels, keyboard focus, the wrong-password path, unticking a scope, denying,
 * logging out), and exactly what the app then tells the admin API.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startLoginConsentApp, type RunningLoginConsentApp } from '../../apps/login-consent/server.js';
import { launchBrowser, type TestBrowser } from './browser.js';
import { consentRequest, loginRequest, startFakeAdmin, type FakeAdmin } from './fake-admin.js';

let admin: FakeAdmin;
let app: RunningLoginConsentApp;
let browser: TestBrowser;

before(async () => {
  admin = await startFakeAdmin();
  app = await startLoginConsentApp({ port: 0, hydraAdminUrl: admin.url, log: () => {} });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.close();
  await admin?.close();
});

/** A page that fails the test on any console error, CSP violations included. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, problems };
}

const lastCall = (path: string) => admin.calls.filter((call) => call.path === path).at(-1);

describe('reference app in a browser', () => {
  it('login: a wrong password shows an error and keeps the email; the right one accepts with remember', async () => {
    admin.login.set('l1', loginRequest('l1'));
    const { page, problems } = await watchedPage();
    await page.goto(`${app.url}/login?login_challenge=l1`);
    assert.equal(await page.title(), 'Sign in · Tessera');
    assert.equal(await page.locator('h1').textContent(), 'Sign in');
    assert.match((await page.locator('.lead').textContent()) ?? '', /Demo <Client>/);
    // Labels name the fields, and the email field has the focus on arrival.
    assert.equal(await page.locator(':focus').getAttribute('id'), 'email');
    await page.getByLabel('Email address').fill('foo@bar.com');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('[role="alert"]');
    assert.match((await page.getByRole('alert').textContent()) ?? '', /email address or password is incorrect/);
    assert.equal(await page.getByLabel('Email address').inputValue(), 'foo@bar.com');
    assert.equal(await page.getByLabel('Password').inputValue(), '');
    assert.equal(await page.locator(':focus').getAttribute('id'), 'password');
    assert.equal(lastCall('/admin/oauth2/auth/requests/login/accept'), undefined);
    await browser.screenshot(page, 'fake-admin-login-wrong-password');

    await page.getByLabel('Password').fill('foobar');
    await page.getByLabel('Remember me').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/done\/login\/accept$/);
    const accept = lastCall('/admin/oauth2/auth/requests/login/accept')!;
    assert.equal(accept.challenge, 'l1');
    assert.deepEqual(accept.body, { subject: 'foo@bar.com', remember: true, remember_for: 3600, amr: ['pwd'], acr: '0' });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('login: "Deny access" rejects with access_denied without needing a password', async () => {
    admin.login.set('l2', loginRequest('l2'));
    const { page } = await watchedPage();
    await page.goto(`${app.url}/login?login_challenge=l2`);
    await page.getByRole('button', { name: 'Deny access' }).click();
    await page.waitForURL(/\/done\/login\/reject$/);
    assert.deepEqual(lastCall('/admin/oauth2/auth/requests/login/reject')!.body, {
      error: 'access_denied',
      error_description: 'The resource owner denied the request',
    });
    await page.close();
  });

  it('consent: names the client, grants only the ticked scopes, and remembers when asked', async () => {
    admin.consent.set('c1', consentRequest('c1'));
    const { page, problems } = await watchedPage();
    await page.goto(`${app.url}/consent?consent_challenge=c1`);
    assert.equal(await page.locator('h1').textContent(), 'Authorize Demo <Client>');
    const boxes = page.locator('input[name="grant_scope"]');
    const values = await Promise.all((await boxes.all()).map((box) => box.getAttribute('value')));
    assert.deepEqual(values, [
      'openid', 'offline', 'email', 'profile',
    ]);
    assert.equal(await page.getByRole('group', { name: 'Allow Demo <Client> to' }).count(), 1);
    await browser.screenshot(page, 'fake-admin-consent');
    await page.getByRole('checkbox', { name: /profile/ }).uncheck();
    await page.getByLabel('Remember this decision').check();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(/\/done\/consent\/accept$/);
    assert.deepEqual(lastCall('/admin/oauth2/auth/requests/consent/accept')!.body, {
      grant_scope: ['openid', 'offline', 'email'],
      grant_access_token_audience: ['https://api.example.com'],
      remember: true,
      remember_for: 3600,
      session: { access_token: {}, id_token: { email: 'foo@bar.com', email_verified: true } },
    });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('consent: "Deny" rejects with access_denied', async () => {
    admin.consent.set('c2', consentRequest('c2'));
    const { page } = await watchedPage();
    await page.goto(`${app.url}/consent?consent_challenge=c2`);
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(/\/done\/consent\/reject$/);
    assert.equal((lastCall('/admin/oauth2/auth/requests/consent/reject')!.body as { error: string }).error, 'access_denied');
    await page.close();
  });

  it('logout: "No" rejects and says so; "Yes" accepts and follows redirect_to', async () => {
    admin.logout.set('o1', { challenge: 'o1', subject: 'foo@bar.com', rp_initiated: true, client: { client_id: 'demo-client' } });
    admin.logout.set('o2', { challenge: 'o2', subject: 'foo@bar.com', rp_initiated: false });
    const { page, problems } = await watchedPage();
    await page.goto(`${app.url}/logout?logout_challenge=o1`);
    assert.match((await page.locator('.lead').textContent()) ?? '', /signed in as foo@bar\.com/);
    await browser.screenshot(page, 'fake-admin-logout');
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    await page.waitForSelector('text=You are still signed in');
    assert.equal(lastCall('/admin/oauth2/auth/requests/logout/reject')!.challenge, 'o1');
    await page.goto(`${app.url}/logout?logout_challenge=o2`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/done\/logout\/accept$/);
    assert.equal(lastCall('/admin/oauth2/auth/requests/logout/accept')!.challenge, 'o2');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('shows an error page, not a stack trace, for an expired challenge', async () => {
    const { page } = await watchedPage();
    const response = await page.goto(`${app.url}/consent?consent_challenge=gone`);
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator('h1').textContent(), 'This request has expired');
    await browser.screenshot(page, 'fake-admin-expired');
    await page.close();
  });
});
