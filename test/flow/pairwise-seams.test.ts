/**
 * Where pairwise subject identifiers (OIDC Core §8.1) meet the implicit and hybrid response types,
 * id_token_hint and front/back-channel logout, on each database: an ID token from the
 * authorization endpoint carries the same pairwise sub as one from the token endpoint, and userinfo
 * answers it for an implicit access token, while introspection keeps the local subject; a hint
 * carrying the pairwise sub of the remembered user is that user at /oauth2/auth and at the
 * end_session_endpoint, another session's hint is not; and a client that only ever received an
 * implicit ID token is one of the session's RPs, whose Logout Token names the sub it was given.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { Browser, authorizeUrl, createClient, query, sdk, startLogin } from './support.js';
import { startLogoutReceiver, type LogoutReceiver } from './logout-receiver.js';
import { acceptedLogout } from './channel-logout-fixture.js';
import { introspect } from './offline-grant.js';

const SALT = 'pairwise-seams-salt';
const NONCE = 'n-0S6_WzA2Mj-nonce';
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** The response parameters of a fragment-mode redirect (nothing in the query). */
function fragment(location: string): URLSearchParams {
  const url = new URL(location);
  assert.equal(url.search, '', `nothing may travel in the query: ${location}`);
  return new URLSearchParams(url.hash.slice(1));
}

const pairwise = (sector: string, subject: string) => createHash('sha256').update(`${sector}${subject}${SALT}`).digest('hex');

interface App {
  id: string;
  redirect: string;
  /** The host of its only redirect URI: its sector. */
  sector: string;
}

/** Pairwise, every response type of the tests below. */
const spa: App = { id: 'pw-spa', redirect: 'http://127.0.0.1:5555/callback', sector: '127.0.0.1:5555' };
/** Pairwise, another sector, implicit `id_token` only, back-channel logout. */
const pairwiseRp: App = { id: 'pw-bc', redirect: 'http://localhost:5556/callback', sector: 'localhost:5556' };
/** Public, implicit `id_token` only, back-channel logout. */
const publicRp: App = { id: 'pub-bc', redirect: 'http://127.0.0.1:5555/callback', sector: '127.0.0.1:5555' };

describeOnEachDatabase('pairwise subjects across implicit, hint and channel logout', {
  env: {
    URLS_LOGIN: 'http://login.test/login',
    URLS_CONSENT: 'http://login.test/consent',
    URLS_LOGOUT: 'http://login.test/logout',
    OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise',
    OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: SALT,
  },
}, (ctx) => {
  let receiver: LogoutReceiver;
  const api = () => sdk(ctx.server);
  const jwks = () => createRemoteJWKSet(new URL(ctx.as.jwks_uri!));

  before(async () => {
    receiver = await startLogoutReceiver();
    await createClient(ctx.server, {
      client_id: spa.id, client_secret: 'spa-secret', subject_type: 'pairwise', grant_types: ['implicit', 'authorization_code'],
      response_types: ['code', 'id_token', 'token id_token', 'code id_token'], scope: 'openid', redirect_uris: [spa.redirect],
      post_logout_redirect_uris: ['http://127.0.0.1:5555/logged-out'],
    });
    for (const [app, subjectType] of [[pairwiseRp, 'pairwise'], [publicRp, 'public']] as const) {
      await createClient(ctx.server, {
        client_id: app.id, client_secret: `${app.id}-secret`, subject_type: subjectType, grant_types: ['implicit'], response_types: ['id_token'],
        scope: 'openid', redirect_uris: [app.redirect], backchannel_logout_uri: `${receiver.base}/bc/${app.id}`, backchannel_logout_session_required: true,
      });
    }
  });
  after(async () => {
    await receiver?.close();
  });

  /**
   * One flow for `app` in `browser` as `subject`, the login remembered (skipped by the login UI
   * when the browser already has one), consent to all; the response parameters of the callback.
   */
  async function authorize(browser: Browser, app: App, responseType: string, subject: string): Promise<URLSearchParams> {
    const start = authorizeUrl(ctx.as, { client_id: app.id, redirect_uri: app.redirect, response_type: responseType, scope: 'openid', state: 'state-123456', nonce: NONCE });
    const loginChallenge = await startLogin(browser, start);
    const { data: accepted } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject, remember: true, remember_for: 3600 } });
    const consentChallenge = query((await browser.visit(accepted.redirect_to)).location, 'consent_challenge');
    assert.ok(consentChallenge, 'expected the consent UI');
    const { data: granted } = await api().acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['openid'] } });
    const hop = await browser.visit(granted.redirect_to);
    assert.equal(hop.status, 302, hop.body);
    assert.ok(hop.location.startsWith(app.redirect), hop.location);
    return responseType === 'code' ? new URL(hop.location).searchParams : fragment(hop.location);
  }

  /** Verified claims of an ID token issued to `app`. */
  async function idTokenClaims(idToken: string | null, app: App) {
    assert.ok(idToken, 'an ID token was issued');
    return (await jwtVerify(idToken, jwks(), { issuer: ctx.as.issuer, audience: app.id })).payload;
  }

  /** Redeems a code of `spa` at the token endpoint; the token response. */
  async function redeem(code: string | null): Promise<any> {
    assert.ok(code, 'a code was issued');
    const response = await request('POST', ctx.as.token_endpoint!, new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: spa.redirect }).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${spa.id}:spa-secret`).toString('base64')}`,
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body;
  }

  function endSession(params: Record<string, string>): string {
    const url = new URL(ctx.as.end_session_endpoint!);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.toString();
  }

  it("gives an implicit and a hybrid ID token the pairwise sub a code-grant ID token has, never the local subject", async () => {
    const expected = pairwise(spa.sector, 'alice');
    const codeGrant = await idTokenClaims((await redeem((await authorize(new Browser(), spa, 'code', 'alice')).get('code'))).id_token, spa);
    assert.equal(codeGrant.sub, expected, 'the code grant, as pinned by pairwise.test.ts');

    const implicit = await idTokenClaims((await authorize(new Browser(), spa, 'id_token', 'alice')).get('id_token'), spa);
    assert.equal(implicit.sub, codeGrant.sub, "response_type 'id_token' (OIDC Core §3.2.2.10 with §8.1)");
    assert.notEqual(implicit.sub, 'alice');
    assert.equal(implicit.nonce, NONCE);

    const hybrid = await authorize(new Browser(), spa, 'code id_token', 'alice');
    const front = await idTokenClaims(hybrid.get('id_token'), spa);
    assert.equal(front.sub, expected, "response_type 'code id_token': the ID token from the authorization endpoint");
    const back = await idTokenClaims((await redeem(hybrid.get('code'))).id_token, spa);
    assert.equal(back.sub, front.sub, 'OIDC Core §3.3.3.6: both ID tokens of a hybrid flow carry the same sub');

    assert.equal((await idTokenClaims((await authorize(new Browser(), spa, 'id_token', 'bob')).get('id_token'), spa)).sub, pairwise(spa.sector, 'bob'));
  });

  it('keeps the local subject at introspection of an implicit access token, and answers the ID token sub at userinfo', async () => {
    const params = await authorize(new Browser(), spa, 'id_token token', 'alice');
    const idToken = await idTokenClaims(params.get('id_token'), spa);
    assert.equal(idToken.sub, pairwise(spa.sector, 'alice'));
    const accessToken = params.get('access_token');
    assert.ok(accessToken);
    const introspection = await introspect(ctx.server, accessToken);
    assert.equal(introspection.active, true);
    assert.equal(introspection.sub, 'alice', 'Hydra: access tokens keep the local subject');
    assert.equal(introspection.obfuscated_subject, idToken.sub, 'as for a code-grant access token (pairwise.test.ts)');
    const userinfo = await request('GET', ctx.as.userinfo_endpoint!, undefined, { authorization: `Bearer ${accessToken}` });
    assert.equal(userinfo.status, 200, JSON.stringify(userinfo.body));
    assert.equal(userinfo.body.sub, idToken.sub, 'OIDC Core §5.3.2: the userinfo sub is the ID token sub');
  });

  it("skips the login for an id_token_hint carrying the remembered user's pairwise sub, and refuses another user's", async () => {
    const bobHint = (await authorize(new Browser(), spa, 'id_token', 'bob')).get('id_token')!;
    const alice = new Browser();
    const aliceHint = (await authorize(alice, spa, 'id_token', 'alice')).get('id_token')!;
    assert.equal(decodeJwt(aliceHint).sub, pairwise(spa.sector, 'alice'), 'the hint carries the pairwise sub, not the local subject');
    const codeUrl = (extra: Record<string, string>) => authorizeUrl(ctx.as, { client_id: spa.id, redirect_uri: spa.redirect, response_type: 'code', scope: 'openid', state: 'state-123456', ...extra });

    const loginChallenge = await startLogin(alice, codeUrl({ prompt: 'none', id_token_hint: aliceHint }));
    const { data } = await api().getOAuth2LoginRequest({ loginChallenge });
    assert.equal(data.skip, true, 'the remembered login is reused');
    assert.equal(data.subject, 'alice');

    for (const prompt of [{ prompt: 'none' }, {}] as Record<string, string>[]) {
      const refused = await alice.visit(codeUrl({ ...prompt, id_token_hint: bobHint }));
      assert.equal(refused.status, 302);
      assert.ok(refused.location.startsWith(`${spa.redirect}?`), refused.location);
      assert.equal(query(refused.location, 'error'), 'login_required', JSON.stringify(prompt));
      assert.match(query(refused.location, 'error_hint')!, /id_token_hint does not match/);
    }
  });

  it("starts RP-initiated logout for a pairwise client's ID token of the session, and refuses another session's", async () => {
    const bobHint = (await authorize(new Browser(), spa, 'id_token', 'bob')).get('id_token')!;
    const alice = new Browser();
    const aliceHint = (await authorize(alice, spa, 'id_token', 'alice')).get('id_token')!;
    assert.notEqual(decodeJwt(aliceHint).sub, 'alice', 'a pairwise hint: its sub is not the session subject');

    // bob's hint names neither alice nor her session: refused, never redirected to the client.
    const refused = await alice.visit(endSession({ id_token_hint: bobHint, post_logout_redirect_uri: 'http://127.0.0.1:5555/logged-out' }));
    assert.equal(query(refused.location, 'error'), 'invalid_request', refused.location);
    assert.match(query(refused.location, 'error_hint')!, /id_token_hint/);
    assert.ok(!refused.location.startsWith('http://127.0.0.1:5555'), refused.location);

    const hop = await alice.visit(endSession({ id_token_hint: aliceHint, post_logout_redirect_uri: 'http://127.0.0.1:5555/logged-out', state: 'bye' }));
    const logoutChallenge = query(hop.location, 'logout_challenge');
    assert.ok(logoutChallenge, `expected the logout UI, got ${hop.status} ${hop.location}`);
    const { data } = await api().getOAuth2LogoutRequest({ logoutChallenge });
    assert.equal(data.subject, 'alice', 'the logout UI sees the local subject');
    assert.equal(data.sid, decodeJwt(aliceHint).sid);
    assert.equal(data.client?.client_id, spa.id);
    const { data: accepted } = await api().acceptOAuth2LogoutRequest({ logoutChallenge });
    const back = await alice.visit(accepted.redirect_to);
    assert.equal(back.location, 'http://127.0.0.1:5555/logged-out?state=bye');
  });

  it('sends a Logout Token to clients that only received an implicit ID token, with the sub each was given', async () => {
    const browser = new Browser();
    const pairwiseToken = await idTokenClaims((await authorize(browser, pairwiseRp, 'id_token', 'alice')).get('id_token'), pairwiseRp);
    const publicToken = await idTokenClaims((await authorize(browser, publicRp, 'id_token', 'alice')).get('id_token'), publicRp);
    assert.equal(pairwiseToken.sub, pairwise(pairwiseRp.sector, 'alice'));
    assert.equal(publicToken.sub, 'alice');
    assert.equal(publicToken.sid, pairwiseToken.sid, 'one login session');
    const before = receiver.backChannel.length;

    const back = await browser.visit(await acceptedLogout(ctx.server, ctx.as, browser, {}));
    assert.equal(back.status, 302, back.body);
    await receiver.waitFor(() => receiver.backChannel.length, before + 2);
    await ctx.server.registry.flows.backChannelLogout.idle();
    const hits = receiver.backChannel.slice(before);
    assert.deepEqual(hits.map((hit) => hit.name).sort(), [publicRp.id, pairwiseRp.id].sort());
    for (const hit of hits) {
      const { payload } = await jwtVerify(hit.logoutToken!, jwks(), { issuer: ctx.as.issuer, audience: hit.name, typ: 'logout+jwt', requiredClaims: ['sid'] });
      assert.deepEqual(payload.events, { [EVENT]: {} });
      assert.equal(payload.sid, pairwiseToken.sid);
      assert.equal(payload.sub, hit.name === pairwiseRp.id ? pairwiseToken.sub : 'alice', `${hit.name}: the sub of its own ID tokens`);
    }
  });
});
