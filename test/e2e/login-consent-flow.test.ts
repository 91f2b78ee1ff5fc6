/**
 * The seed guide's "User Login & Consent Flow" in a real browser: headless Chromium opens the
 * authorization URL of a real Tessera, signs in and consents on the reference app's real pages,
 * and oauth4webapi, as the relying party, redeems the code (code flow + PKCE).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './browser.js';
import { authorization, redeem, startFlowFixture, type FlowFixture } from './flow-fixture.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';

for (const dialect of testDialects()) {
  describe(`login and consent through the reference app, in a browser (${dialect})`, () => {
    let database: TestDatabase;
    let fixture: FlowFixture;
    let browser: TestBrowser;
    let page: Page;
    /** The first sign-in's ID token, the hint of the logout at the end. */
    let idToken: string | undefined;

    before(async () => {
      database = await createTestDatabase(dialect);
      fixture = await startFlowFixture(database.dsn);
      browser = await launchBrowser();
      page = await browser.newPage();
    });
    after(async () => {
      await browser?.close();
      await fixture?.close();
      await database?.drop();
    });

    const onApp = (path: string) => (url: URL) => url.origin === fixture.app.url && url.pathname === path;
    const onCallback = (url: URL) => url.href.startsWith(fixture.callback.callbackUrl);

    /** Waits for the browser to arrive; on a timeout, says where it is stuck instead. */
    async function arrive(where: (url: URL) => boolean, name: string): Promise<void> {
      try {
        await page.waitForURL(where, { timeout: 10_000 });
      } catch {
        const url = new URL(page.url());
        const heading = await page.locator('h1').first().textContent({ timeout: 1000 }).catch(() => '(no heading)');
        assert.fail(`expected ${name}; the browser is on ${url.origin}${url.pathname}: ${heading?.trim().slice(0, 200)}`);
      }
    }

    it('refuses a login POST without the CSRF token, for a real login request', async () => {
      const pending = await authorization(fixture);
      const toLogin = await fetch(pending.url, { redirect: 'manual' });
      assert.equal(toLogin.status, 302);
      const loginUrl = new URL(toLogin.headers.get('location')!);
      assert.ok(onApp('/login')(loginUrl), 'Tessera sends the browser to URLS_LOGIN');
      const challenge = loginUrl.searchParams.get('login_challenge')!;
      const form = await fetch(loginUrl, { redirect: 'manual' });
      assert.equal(form.status, 200, 'the login page renders for a real login request');
      assert.match(await form.text(), /E2E Consumer/);
      const forged = await fetch(`${fixture.app.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ challenge, email: 'foo@bar.com', password: 'foobar', submit: 'login' }).toString(),
      });
      assert.equal(forged.status, 403);
      assert.equal(forged.headers.get('location'), null);
    });

    it('signs in (after a wrong password), consents, and the relying party redeems the code', async () => {
      const pending = await authorization(fixture);
      await page.goto(pending.url);
      await arrive(onApp('/login'), 'the login page');
      assert.match((await page.locator('.lead').textContent()) ?? '', /E2E Consumer/);
      await browser.screenshot(page, 'login');

      await page.getByLabel('Email address').fill('foo@bar.com');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      assert.match((await page.getByRole('alert').textContent()) ?? '', /email address or password is incorrect/);
      assert.equal(await page.getByLabel('Email address').inputValue(), 'foo@bar.com');
      await browser.screenshot(page, 'login-wrong-password');

      await page.getByLabel('Password').fill('foobar');
      await page.getByLabel('Remember me').check();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await arrive(onApp('/consent'), 'the consent page');
      assert.equal(await page.locator('h1').textContent(), 'Authorize E2E Consumer');
      const scopes = await Promise.all((await page.locator('input[name="grant_scope"]').all()).map((box) => box.getAttribute('value')));
      assert.deepEqual(scopes, ['openid', 'offline', 'email', 'profile']);
      await browser.screenshot(page, 'consent');

      await page.getByRole('button', { name: 'Allow' }).click();
      await arrive(onCallback, 'the callback');
      const hit = fixture.callback.hits.at(-1)!;
      assert.ok(hit.searchParams.get('code'), 'the callback got a code');
      assert.equal(hit.searchParams.get('state'), pending.state);

      const tokens = await redeem(fixture, pending, hit);
      assert.ok(tokens.access_token);
      idToken = tokens.id_token;
      assert.ok(tokens.refresh_token, 'offline was granted, so a refresh token is issued');
      const claims = oauth.getValidatedIdTokenClaims(tokens)!;
      assert.equal(claims.sub, 'foo@bar.com');
      assert.equal(claims.email, 'foo@bar.com');
      assert.equal(claims.name, 'Foo Bar');
    });

    it('skips the login page the second time, since "remember me" was ticked', async () => {
      const loginPagesShown: string[] = [];
      const watch = (response: import('playwright-core').Response) => {
        const url = new URL(response.url());
        if (onApp('/login')(url) && response.status() === 200) loginPagesShown.push(url.pathname);
      };
      page.on('response', watch);
      try {
        const pending = await authorization(fixture);
        await page.goto(pending.url);
        await arrive(onApp('/consent'), 'the consent page');
        assert.deepEqual(loginPagesShown, [], 'no login form was shown');
        await page.getByRole('button', { name: 'Allow' }).click();
        await arrive(onCallback, 'the callback');
        const tokens = await redeem(fixture, pending, fixture.callback.hits.at(-1)!);
        assert.equal(oauth.getValidatedIdTokenClaims(tokens)!.sub, 'foo@bar.com');
      } finally {
        page.off('response', watch);
      }
    });

    it('brings a denied consent to the callback as access_denied, with the state', async () => {
      const pending = await authorization(fixture);
      await page.goto(pending.url);
      // Whether or not the login was remembered is the previous test's business.
      await arrive((url) => onApp('/consent')(url) || onApp('/login')(url), 'the login or consent page');
      if (onApp('/login')(new URL(page.url()))) {
        await page.getByLabel('Email address').fill('foo@bar.com');
        await page.getByLabel('Password').fill('foobar');
        await page.getByRole('button', { name: 'Sign in' }).click();
      }
      await arrive(onApp('/consent'), 'the consent page');
      await page.getByRole('button', { name: 'Deny' }).click();
      await arrive(onCallback, 'the callback');
      const hit = fixture.callback.hits.at(-1)!;
      assert.equal(hit.searchParams.get('error'), 'access_denied');
      assert.equal(hit.searchParams.get('state'), pending.state);
      assert.equal(hit.searchParams.get('code'), null);
      assert.throws(
        () => oauth.validateAuthResponse(fixture.as, fixture.client, hit, pending.state),
        (error: unknown) => error instanceof oauth.AuthorizationResponseError && error.error === 'access_denied',
      );
    });

    it('skips the consent page once "remember this decision" was ticked', async () => {
      const first = await authorization(fixture);
      await page.goto(first.url);
      await arrive(onApp('/consent'), 'the consent page');
      await page.getByLabel('Remember this decision').check();
      await page.getByRole('button', { name: 'Allow' }).click();
      await arrive(onCallback, 'the callback');
      await redeem(fixture, first, fixture.callback.hits.at(-1)!);

      const consentPagesShown: string[] = [];
      const watch = (response: import('playwright-core').Response) => {
        const url = new URL(response.url());
        if (onApp('/consent')(url) && response.status() === 200) consentPagesShown.push(url.pathname);
      };
      page.on('response', watch);
      try {
        const second = await authorization(fixture);
        await page.goto(second.url);
        await arrive(onCallback, 'the callback, with no page in between');
        assert.deepEqual(consentPagesShown, [], 'no consent form was shown');
        const tokens = await redeem(fixture, second, fixture.callback.hits.at(-1)!);
        assert.equal(tokens.scope, 'openid offline email profile');
      } finally {
        page.off('response', watch);
      }
    });

    it('logs out after the confirmation page and returns to post_logout_redirect_uri; the next visit asks to sign in', async () => {
      assert.ok(idToken, 'the first test signed in');
      assert.ok(fixture.as.end_session_endpoint, 'discovery advertises end_session_endpoint');
      const state = oauth.generateRandomState();
      const logout = new URL(fixture.as.end_session_endpoint!);
      logout.search = new URLSearchParams({
        id_token_hint: idToken,
        post_logout_redirect_uri: fixture.callback.loggedOutUrl,
        state,
      }).toString();
      await page.goto(logout.href);
      await arrive(onApp('/logout'), 'the logout page');
      assert.match((await page.locator('.lead').textContent()) ?? '', /foo@bar\.com/);
      await browser.screenshot(page, 'logout');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await arrive((url) => url.href.startsWith(fixture.callback.loggedOutUrl), 'the post-logout redirect');
      assert.equal(fixture.callback.hits.at(-1)!.searchParams.get('state'), state);

      await page.goto((await authorization(fixture)).url);
      await arrive(onApp('/login'), 'the login page, since the session ended');
    });
  });
}
