/**
 * response_mode=form_post in headless Chromium: the page Tessera renders must run its one script
 * under its own Content-Security-Policy and post the hybrid response to the relying party, which
 * here is a local receiver that records the POST body. Login and consent are accepted through the
 * admin API while the browser, holding the CSRF cookies, follows each redirect_to.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { launchBrowser, type TestBrowser } from './browser.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { createClient, sdk } from '../flow/support.js';

interface Receiver {
  base: string;
  posts: URLSearchParams[];
  close(): Promise<void>;
}

/** Serves a blank page for any GET (the login and consent "UIs") and records every POST /callback. */
async function startReceiver(): Promise<Receiver> {
  const posts: URLSearchParams[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/callback') posts.push(new URLSearchParams(body));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><link rel="icon" href="data:,"><title>receiver</title><p>ok</p>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The relying party, and the login and consent UI, of the database being tested. */
let receiver: Receiver;

const receiverAsLoginUi = {
  setup: async () => {
    receiver = await startReceiver();
    return { env: { URLS_LOGIN: `${receiver.base}/login`, URLS_CONSENT: `${receiver.base}/consent` } };
  },
};

describeOnEachDatabase('form_post in a browser', receiverAsLoginUi, (ctx) => {
  let browser: TestBrowser;
  let page: Page;

  before(async () => {
    await createClient(ctx.server, {
      client_id: 'spa', client_secret: 'spa-secret', grant_types: ['implicit', 'authorization_code'],
      response_types: ['code id_token token'], scope: 'openid', redirect_uris: [`${receiver.base}/callback`],
    });
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it('lands the posted response on the relying party, with no CSP violation', async () => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const issuer = ctx.server.registry.config.urls.self.issuer;
    const start = new URL('oauth2/auth', issuer);
    start.search = new URLSearchParams({
      client_id: 'spa', redirect_uri: `${receiver.base}/callback`, response_type: 'code id_token token', response_mode: 'form_post',
      scope: 'openid', state: 'state-123456', nonce: 'nonce-123456',
    }).toString();
    await page.goto(start.toString());
    const loginChallenge = new URL(page.url()).searchParams.get('login_challenge');
    assert.ok(loginChallenge, page.url());
    const api = sdk(ctx.server);
    const { data: accepted } = await api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'alice' } });
    await page.goto(accepted.redirect_to);
    const consentChallenge = new URL(page.url()).searchParams.get('consent_challenge');
    assert.ok(consentChallenge, page.url());
    const { data: consented } = await api.acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['openid'] } });
    await page.goto(consented.redirect_to);
    await page.waitForURL(`${receiver.base}/callback`, { timeout: 10_000 });
    await browser.screenshot(page, 'form-post-landed');

    assert.equal(receiver.posts.length, 1);
    const posted = receiver.posts[0]!;
    assert.match(posted.get('code')!, /^ory_ac_/);
    assert.match(posted.get('access_token')!, /^ory_at_/);
    assert.equal(posted.get('state'), 'state-123456');
    assert.equal(posted.get('iss'), issuer);
    const { payload } = await jwtVerify(posted.get('id_token')!, createRemoteJWKSet(new URL('.well-known/jwks.json', ctx.server.registry.config.urls.self.public)), { issuer, audience: 'spa' });
    assert.equal(payload.nonce, 'nonce-123456');
    assert.deepEqual(problems, []);
  });
});
