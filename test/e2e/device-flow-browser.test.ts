/**
 * RFC 8628 in a real browser: a device (oauth4webapi) asks a real Tessera for a user code;
 * headless Chromium opens the verification URI the device shows, which is the reference app's
 * device page; the user types a wrong code, then the right one, signs in and consents on the
 * app's real pages, and lands on the "device connected" page; the device's next poll gets the
 * tokens.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import type { Page } from 'playwright-core';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { startLoginConsentApp, type RunningLoginConsentApp } from '../../apps/login-consent/server.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { freePort } from '../support/ports.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { launchBrowser, type TestBrowser } from './browser.js';
import { insecure } from './flow-fixture.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const SECRET = 'living-room-secret';

for (const dialect of testDialects()) {
  describe(`device flow through the reference app, in a browser (${dialect})`, () => {
    let database: TestDatabase;
    let server: TestServer;
    let app: RunningLoginConsentApp;
    let browser: TestBrowser;
    let page: Page;
    let as: oauth.AuthorizationServer;

    before(async () => {
      database = await createTestDatabase(dialect);
      const appUrl = `http://127.0.0.1:${await freePort()}`;
      server = await startTestServer({
        dsn: database.dsn,
        env: {
          URLS_LOGIN: `${appUrl}/login`,
          URLS_CONSENT: `${appUrl}/consent`,
          URLS_DEVICE_VERIFICATION: `${appUrl}/device`,
          URLS_DEVICE_SUCCESS: `${appUrl}/device/done`,
        },
      });
      app = await startLoginConsentApp({ port: Number(new URL(appUrl).port), hydraAdminUrl: server.adminUrl, hydraPublicUrl: server.publicUrl, log: () => {} });
      await new OAuth2Api(new Configuration({ basePath: server.adminUrl })).createOAuth2Client({
        oAuth2Client: { client_id: 'living-room-tv', client_name: 'Living Room TV', client_secret: SECRET, grant_types: [GRANT, 'refresh_token'], scope: 'openid offline profile' },
      });
      const issuer = new URL(server.registry.config.urls.self.issuer);
      as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
      browser = await launchBrowser();
      page = await browser.newPage();
    });
    after(async () => {
      await browser?.close();
      await app?.close();
      await server?.close();
      await database?.drop();
    });

    const onApp = (path: string) => (url: URL) => url.origin === app.url && url.pathname === path;

    it('enters the code shown on the device (after a wrong one), signs in, consents, and the device gets its tokens', async () => {
      const client = { client_id: 'living-room-tv' };
      const auth = oauth.ClientSecretBasic(SECRET);
      const device = await oauth.processDeviceAuthorizationResponse(as, client,
        await oauth.deviceAuthorizationRequest(as, client, auth, new URLSearchParams({ scope: 'openid offline profile' }), insecure));
      assert.equal(device.verification_uri, `${app.url}/device`);

      // The device shows verification_uri and the code; the user types the address, then the code.
      await page.goto(device.verification_uri);
      await page.waitForURL(onApp('/device'));
      assert.ok(new URL(page.url()).searchParams.get('device_challenge'), 'the server gave the page a device challenge');
      assert.equal(await page.locator('h1').textContent(), 'Connect a device');
      assert.equal(await page.locator(':focus').getAttribute('id'), 'user_code');
      await page.getByLabel('Code').fill('WRONGCODE');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('alert').waitFor();
      assert.match((await page.getByRole('alert').textContent()) ?? '', /code is not valid/);
      await browser.screenshot(page, 'device-wrong-code');

      await page.getByLabel('Code').fill(device.user_code);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(onApp('/login'));
      assert.match((await page.locator('.lead').textContent()) ?? '', /Living Room TV/);
      await page.getByLabel('Email address').fill('foo@bar.com');
      await page.getByLabel('Password').fill('foobar');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(onApp('/consent'));
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL(onApp('/device/done'));
      assert.equal(new URL(page.url()).searchParams.get('client_id'), 'living-room-tv');
      assert.equal(await page.locator('h1').textContent(), 'Your device is connected');
      await browser.screenshot(page, 'device-connected');

      const tokens = await oauth.processDeviceCodeResponse(as, client, await oauth.deviceCodeGrantRequest(as, client, auth, device.device_code, insecure));
      assert.ok(tokens.access_token);
      assert.ok(tokens.refresh_token);
      assert.equal(oauth.getValidatedIdTokenClaims(tokens)!.sub, 'foo@bar.com');
    });
  });
}
