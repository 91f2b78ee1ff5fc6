/**
 * Listing and revoking consent sessions with Hydra's semantics (consent/handler.go,
 * persister_consent.go), through the official SDK, on each database: every consent given is
 * listed (remembered or not) except one that reused a remembered consent and one whose
 * remember_for lapsed; login_session_id filters; page_size/page_token pages newest first with
 * Hydra's Link header; DELETE takes exactly one of consent_request_id, subject+client or
 * subject+all=true, and revokes the tokens of what it deletes.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { Browser, authorizeUrl, createClient, insecure, query, sdk, sdkStatus, startLogin } from '../flow/support.js';
import { REDIRECT, introspect } from '../flow/offline-grant.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const SECRET = 'list-secret';

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('consent session list and revocation', serverOptions, (ctx) => {
  const api = () => sdk(ctx.server);

  before(async () => {
    for (const id of ['app-one', 'app-two']) {
      await createClient(ctx.server, { client_id: id, client_secret: SECRET, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], scope: 'openid offline', redirect_uris: [REDIRECT] });
    }
  });

  interface Grant {
    sid: string;
    consentRequestId: string;
    skipped: boolean;
    accessToken: string;
  }

  /** One flow of `subject` at `clientId` in `browser`: login remembered, consent as `remember` says. */
  async function grant(browser: Browser, subject: string, clientId: string, remember: { consent?: boolean; for?: number } = {}): Promise<Grant> {
    const state = 'state-123456';
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, { client_id: clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid offline', state }));
    const { data: loginRequest } = await api().getOAuth2LoginRequest({ loginChallenge });
    const { data: accepted } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject, remember: true } });
    const consentChallenge = query((await browser.visit(accepted.redirect_to)).location, 'consent_challenge')!;
    const { data: consentRequest } = await api().getOAuth2ConsentRequest({ consentChallenge });
    const { data: granted } = await api().acceptOAuth2ConsentRequest({
      consentChallenge,
      acceptOAuth2ConsentRequest: { grant_scope: ['openid', 'offline'], remember: remember.consent ?? false, remember_for: remember.for ?? 0 },
    });
    const callback = (await browser.visit(granted.redirect_to)).location;
    const rp = { client_id: clientId };
    const params = oauth.validateAuthResponse(ctx.as, rp, new URL(callback), state);
    const response = await oauth.authorizationCodeGrantRequest(ctx.as, rp, oauth.ClientSecretBasic(SECRET), params, REDIRECT, oauth.nopkce, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(ctx.as, rp, response);
    return { sid: loginRequest.session_id!, consentRequestId: consentRequest.consent_request_id!, skipped: consentRequest.skip!, accessToken: tokens.access_token };
  }

  const ids = (sessions: { consent_request_id?: string }[]) => sessions.map((s) => s.consent_request_id!).sort();
  const granted = (grants: Grant[]) => grants.map((g) => g.consentRequestId).sort();

  it('lists every consent given, remembered or not, filtered by login session', async () => {
    const first = new Browser();
    const a = await grant(first, 'pat', 'app-one');
    const b = await grant(first, 'pat', 'app-two');
    const c = await grant(new Browser(), 'pat', 'app-one');
    assert.equal(a.sid, b.sid, 'the remembered login keeps its session id');
    assert.notEqual(a.sid, c.sid);
    const { data: all } = await api().listOAuth2ConsentSessions({ subject: 'pat' });
    assert.deepEqual(ids(all), granted([a, b, c]));
    assert.equal(all[0]!.consent_request_id, c.consentRequestId, 'newest first');
    assert.deepEqual(ids((await api().listOAuth2ConsentSessions({ subject: 'pat', loginSessionId: a.sid })).data), granted([a, b]));
    assert.deepEqual(ids((await api().listOAuth2ConsentSessions({ subject: 'pat', loginSessionId: c.sid })).data), granted([c]));
    assert.deepEqual((await api().listOAuth2ConsentSessions({ subject: 'pat', loginSessionId: 'unknown' })).data, []);
    assert.equal(await sdkStatus(api().listOAuth2ConsentSessions({ subject: '' })), 400);
  });

  it('pages with page_size and page_token and Hydra’s Link header', async () => {
    const one = await api().listOAuth2ConsentSessions({ subject: 'pat', pageSize: 2 });
    assert.equal(one.data.length, 2);
    const link = String(one.headers.link);
    assert.match(link, /rel="first"/);
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    assert.ok(next, link);
    const nextUrl = new URL(next, ctx.server.adminUrl);
    assert.equal(nextUrl.pathname, '/admin/oauth2/auth/sessions/consent');
    assert.equal(nextUrl.searchParams.get('subject'), 'pat', 'the filter is kept');
    assert.equal(nextUrl.searchParams.get('page_size'), '2');
    const two = await api().listOAuth2ConsentSessions({ subject: 'pat', pageSize: 2, pageToken: nextUrl.searchParams.get('page_token')! });
    assert.equal(two.data.length, 1);
    assert.doesNotMatch(String(two.headers.link), /rel="next"/, 'the last page has no next link');
    const everything = await api().listOAuth2ConsentSessions({ subject: 'pat' });
    assert.deepEqual(ids([...one.data, ...two.data]), ids(everything.data), 'the pages neither overlap nor skip');
    assert.equal(await sdkStatus(api().listOAuth2ConsentSessions({ subject: 'pat', pageToken: 'forged' })), 400);
  });

  it('leaves out a consent that reused a remembered one, and one whose remember_for lapsed', async () => {
    const browser = new Browser();
    const remembered = await grant(browser, 'quinn', 'app-one', { consent: true, for: 60 });
    const reused = await grant(browser, 'quinn', 'app-one', { consent: true, for: 60 });
    assert.equal(reused.skipped, true);
    assert.deepEqual(ids((await api().listOAuth2ConsentSessions({ subject: 'quinn' })).data), [remembered.consentRequestId]);
    ctx.clock.offsetMs = 2 * 60_000;
    try {
      assert.deepEqual((await api().listOAuth2ConsentSessions({ subject: 'quinn' })).data, [], 'remember_for 60s has lapsed');
    } finally {
      ctx.clock.offsetMs = 0;
    }
  });

  it('revokes by consent_request_id alone, and refuses any other combination', async () => {
    const browser = new Browser();
    const kept = await grant(browser, 'robin', 'app-one');
    const gone = await grant(browser, 'robin', 'app-two');
    for (const bad of [
      {},
      { subject: 'robin' },
      { subject: 'robin', client: 'app-one', all: true },
      { consentRequestId: gone.consentRequestId, subject: 'robin' },
      { consentRequestId: gone.consentRequestId, client: 'app-two' },
    ]) {
      assert.equal(await sdkStatus(api().revokeOAuth2ConsentSessions(bad)), 400, JSON.stringify(bad));
    }
    await api().revokeOAuth2ConsentSessions({ consentRequestId: gone.consentRequestId });
    assert.equal((await introspect(ctx.server, gone.accessToken)).active, false, 'its tokens are revoked');
    assert.equal((await introspect(ctx.server, kept.accessToken)).active, true, 'another consent keeps its tokens');
    assert.deepEqual(ids((await api().listOAuth2ConsentSessions({ subject: 'robin' })).data), [kept.consentRequestId]);
    await api().revokeOAuth2ConsentSessions({ consentRequestId: 'no-such-consent' });
  });
});
