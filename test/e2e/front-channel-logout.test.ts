/**
 * OpenID Connect Front-Channel Logout 1.0 §4 in headless Chromium: the page the end_session
 * endpoint renders once the logout is accepted really loads each RP's frontchannel_logout_uri
 * (with iss and sid) in its hidden iframes, under its own Content-Security-Policy without a single
 * violation, and only then lands on the post_logout_redirect_uri with state.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { Browser } from '../flow/support.js';
import { startLogoutReceiver, type LogoutReceiver } from '../flow/logout-receiver.js';
import { acceptedLogout, registerParty, sidOf, signIn } from '../flow/channel-logout-fixture.js';
import { launchBrowser, type TestBrowser } from './browser.js';

describeOnEachDatabase('front-channel logout in a browser', { env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent', URLS_LOGOUT: 'http://login.test/logout' } }, (ctx) => {
  let receiver: LogoutReceiver;
  let chromium: TestBrowser;

  before(async () => {
    chromium = await launchBrowser();
    receiver = await startLogoutReceiver();
    for (const party of [{ id: 'rp-one', front: true }, { id: 'rp-two', front: true, back: true }, { id: 'rp-none' }]) await registerParty(ctx.server, receiver, party);
  });
  after(async () => {
    // The browser first: its idle keep-alive connections would hold the server's close.
    await chromium?.close();
    await receiver?.close();
  });

  it('loads every front-channel URI of the session, then lands on the post-logout URI', async () => {
    const browser = new Browser();
    const idToken = await signIn(ctx.server, ctx.as, browser, receiver, 'rp-one');
    await signIn(ctx.server, ctx.as, browser, receiver, 'rp-two');
    await signIn(ctx.server, ctx.as, browser, receiver, 'rp-none');
    const sid = sidOf(idToken);
    const verifierUrl = await acceptedLogout(ctx.server, ctx.as, browser, { id_token_hint: idToken, post_logout_redirect_uri: `${receiver.base}/logged-out`, state: 'bye-browser' });

    const page = await chromium.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const landed = page.waitForURL(`${receiver.base}/logged-out?state=bye-browser`, { timeout: 15_000 });
    await page.goto(verifierUrl);
    await landed;
    assert.equal(await page.locator('#hit').textContent(), '/logged-out');
    await page.close();

    assert.deepEqual(receiver.frontChannel.map((url) => url.pathname).sort(), ['/fc/rp-one', '/fc/rp-two']);
    for (const hit of receiver.frontChannel) {
      assert.equal(hit.searchParams.get('iss'), ctx.as.issuer);
      assert.equal(hit.searchParams.get('sid'), sid);
    }
    assert.equal(receiver.landings.filter((url) => url.pathname === '/logged-out').length, 1);
    const landing = receiver.order.indexOf('/logged-out');
    assert.ok(landing > receiver.order.indexOf('/fc/rp-one') && landing > receiver.order.indexOf('/fc/rp-two'), `landed only after both iframes loaded: ${receiver.order.join(' ')}`);
    assert.deepEqual(problems, [], 'no console error, no CSP violation');
    await ctx.server.registry.flows.backChannelLogout.idle();
    assert.deepEqual(receiver.backChannel.map((hit) => hit.name), ['rp-two']);
  });
});
