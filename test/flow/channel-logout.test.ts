/**
 * OpenID Connect Front-Channel Logout 1.0 and Back-Channel Logout 1.0 over real HTTP: relying
 * parties sign in to one login session, the session ends (through the browser, or the admin API
 * by sid), and a local receiver checks what each RP gets: the Logout Token verified with jose
 * against the server's JWKS, the front-channel page's iframes, and nothing for RPs that were not
 * in the session or registered no URI. A receiver that is down or never answers does not hold the
 * logout up. The browser side (the page actually loading the iframes) is test/e2e.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { freePort } from '../support/ports.js';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { Browser } from './support.js';
import { startLogoutReceiver, type LogoutReceiver } from './logout-receiver.js';
import { SUBJECT, acceptedLogout, registerParty, sidOf, signIn } from './channel-logout-fixture.js';

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

describeOnEachDatabase('front- and back-channel logout', { env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent', URLS_LOGOUT: 'http://login.test/logout' } }, (ctx) => {
  let receiver: LogoutReceiver;

  before(async () => {
    receiver = await startLogoutReceiver();
    const closedPort = await freePort();
    for (const party of [
      { id: 'rp-both', front: true, back: true },
      { id: 'rp-back', back: true },
      { id: 'rp-front', front: true },
      { id: 'rp-plain' },
      { id: 'rp-absent', front: true, back: true },
      { id: 'rp-slow', back: true },
      { id: 'rp-down', backUri: `http://127.0.0.1:${closedPort}/bc/rp-down` },
    ]) {
      await registerParty(ctx.server, receiver, party);
    }
  });
  after(async () => {
    await receiver?.close();
  });

  const idle = () => ctx.server.registry.flows.backChannelLogout.idle();
  const jwks = () => createRemoteJWKSet(new URL(ctx.as.jwks_uri!));

  /** Verifies a Logout Token as an RP must (Back-Channel Logout 1.0 §2.6) and returns its claims. */
  async function verifiedLogoutToken(token: string, audience: string) {
    const { payload, protectedHeader } = await jwtVerify(token, jwks(), { issuer: ctx.as.issuer, audience, typ: 'logout+jwt', requiredClaims: ['iat', 'exp', 'jti', 'sid'] });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.deepEqual(payload.events, { [EVENT]: {} });
    assert.equal(payload.nonce, undefined, '§2.4: a Logout Token never carries a nonce');
    const now = Math.floor(Date.now() / 1000);
    assert.ok(Math.abs(payload.iat! - now) < 60, 'iat is now');
    assert.ok(payload.exp! > payload.iat! && payload.exp! - payload.iat! <= 300, 'exp is short');
    return payload;
  }

  it('advertises both mechanisms, with sessions, in discovery', async () => {
    const response = await request('GET', `${ctx.server.publicUrl}/.well-known/openid-configuration`);
    const doc = response.body as Record<string, unknown>;
    for (const name of ['frontchannel_logout_supported', 'frontchannel_logout_session_supported', 'backchannel_logout_supported', 'backchannel_logout_session_supported']) {
      assert.equal(doc[name], true, name);
    }
  });

  it('logs the session out of exactly the RPs it signed in to: iframes for front-channel, Logout Tokens for back-channel', async () => {
    const browser = new Browser();
    const idToken = await signIn(ctx.server, ctx.as, browser, receiver, 'rp-both');
    for (const id of ['rp-back', 'rp-front', 'rp-plain']) await signIn(ctx.server, ctx.as, browser, receiver, id);
    const sid = sidOf(idToken);
    // Another session signs in to rp-absent only: its logout is not this one's.
    await signIn(ctx.server, ctx.as, new Browser(), receiver, 'rp-absent');
    const before = receiver.backChannel.length;

    const back = await browser.visit(await acceptedLogout(ctx.server, ctx.as, browser, { id_token_hint: idToken, post_logout_redirect_uri: `${receiver.base}/logged-out`, state: 'bye-1' }));
    assert.equal(back.status, 200, 'a page, not a redirect, when an RP has a front-channel URI');
    assert.equal(back.location, '');
    assert.equal(browser.cookies.get('ory_hydra_session_dev'), '', 'the login session cookie is cleared');
    const csp = back.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/, 'scripts only by hash: no unsafe-inline');
    assert.ok(csp.includes(`frame-src ${receiver.base}`), csp);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(back.headers.get('referrer-policy'), 'no-referrer');
    const frames = [...back.body.matchAll(/<iframe src="([^"]+)"/g)].map((m) => new URL(m[1]!.replace(/&#(\d+);/g, (_e, code: string) => String.fromCharCode(Number(code)))));
    assert.deepEqual(frames.map((u) => u.pathname).sort(), ['/fc/rp-both', '/fc/rp-front']);
    for (const frame of frames) {
      assert.equal(frame.searchParams.get('iss'), ctx.as.issuer);
      assert.equal(frame.searchParams.get('sid'), sid);
    }
    assert.ok(back.body.includes(`href="${receiver.base}/logged-out?state&#61;bye-1"`), 'the page goes on to the post-logout URI with state');
    assert.ok(!back.body.includes('logout_verifier'), 'the page repeats no secret');

    await receiver.waitFor(() => receiver.backChannel.length, before + 2);
    await idle();
    const hits = receiver.backChannel.slice(before);
    assert.deepEqual(hits.map((h) => h.name).sort(), ['rp-back', 'rp-both'], 'nothing for rp-front, rp-plain or rp-absent');
    for (const hit of hits) {
      assert.equal(hit.contentType, 'application/x-www-form-urlencoded');
      assert.deepEqual(hit.fields, ['logout_token']);
      const claims = await verifiedLogoutToken(hit.logoutToken!, hit.name);
      assert.deepEqual(claims.aud, [hit.name]);
      assert.equal(claims.sid, sid);
      assert.equal(claims.sub, SUBJECT);
    }
    assert.notEqual(decodeJwt(hits[0]!.logoutToken!).jti, decodeJwt(hits[1]!.logoutToken!).jti);
  });

  it('redirects at once when no RP of the session has a front-channel URI', async () => {
    const browser = new Browser();
    const idToken = await signIn(ctx.server, ctx.as, browser, receiver, 'rp-back');
    const before = receiver.backChannel.length;
    const back = await browser.visit(await acceptedLogout(ctx.server, ctx.as, browser, { id_token_hint: idToken, post_logout_redirect_uri: `${receiver.base}/logged-out`, state: 'bye-2' }));
    assert.equal(back.status, 302);
    assert.equal(back.location, `${receiver.base}/logged-out?state=bye-2`);
    await receiver.waitFor(() => receiver.backChannel.length, before + 1);
    await idle();
    assert.equal(receiver.backChannel.length, before + 1);
  });

  it('does not wait for an RP that never answers or is down: the logout completes, the request is bounded', async () => {
    const browser = new Browser();
    await signIn(ctx.server, ctx.as, browser, receiver, 'rp-slow');
    await signIn(ctx.server, ctx.as, browser, receiver, 'rp-down');
    const back = await browser.visit(await acceptedLogout(ctx.server, ctx.as, browser, {}));
    assert.equal(back.status, 302, back.body);
    const state = await Promise.race([idle().then(() => 'ended'), new Promise((resolve) => setImmediate(() => resolve('under way')))]);
    assert.equal(state, 'under way', 'the logout was answered while its back-channel requests were still under way');
    assert.ok(back.location.endsWith('/oauth2/fallbacks/logout/callback'), back.location);
    await receiver.waitFor(() => receiver.backChannel.filter((h) => h.name === 'rp-slow').length, 1);
    // rp-slow holds its request open; the logout above was answered regardless. The pending
    // request ends at the bound (a timeout), not when the RP lets go.
    await idle();
    assert.equal(receiver.heldOpen(), 1, 'rp-slow never answered: the request ended at the bound');
    const followUp = await browser.visit(back.location);
    assert.equal(followUp.status, 200);
  });

  it('runs back-channel logout when the admin API revokes the login session by sid, once', async () => {
    const browser = new Browser();
    const idToken = await signIn(ctx.server, ctx.as, browser, receiver, 'rp-both');
    await signIn(ctx.server, ctx.as, browser, receiver, 'rp-back');
    const sid = sidOf(idToken);
    const before = receiver.backChannel.length;
    const response = await request('DELETE', `${ctx.server.adminUrl}/admin/oauth2/auth/sessions/login?sid=${encodeURIComponent(sid)}`);
    assert.equal(response.status, 204);
    await receiver.waitFor(() => receiver.backChannel.length, before + 2);
    await idle();
    const hits = receiver.backChannel.slice(before);
    assert.deepEqual(hits.map((h) => h.name).sort(), ['rp-back', 'rp-both']);
    for (const hit of hits) assert.equal((await verifiedLogoutToken(hit.logoutToken!, hit.name)).sid, sid);

    // The same session revoked again, or logged out in the browser: nobody is notified twice,
    // and with no RP left the browser is redirected without a front-channel page.
    assert.equal((await request('DELETE', `${ctx.server.adminUrl}/admin/oauth2/auth/sessions/login?sid=${encodeURIComponent(sid)}`)).status, 204);
    const back = await browser.visit(await acceptedLogout(ctx.server, ctx.as, browser, { id_token_hint: idToken }));
    assert.equal(back.status, 302);
    await idle();
    assert.equal(receiver.backChannel.length, before + 2);
  });

  it('revoking by subject does not run back-channel logout (Hydra: only sid is a headless logout)', async () => {
    const browser = new Browser();
    await signIn(ctx.server, ctx.as, browser, receiver, 'rp-back');
    const before = receiver.backChannel.length;
    assert.equal((await request('DELETE', `${ctx.server.adminUrl}/admin/oauth2/auth/sessions/login?subject=${SUBJECT}`)).status, 204);
    await idle();
    assert.equal(receiver.backChannel.length, before);
  });
});
