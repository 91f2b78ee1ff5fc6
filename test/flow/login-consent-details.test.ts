/**
 * The last login/consent details of Hydra v26 (issue 12 item 4), through the official SDK and a
 * scripted browser, on each database:
 * - extend_session_lifespan: a skipped login accepted with it sets the remembered-login cookie
 *   again (same session), so that the login is still skipped after the first cookie would have
 *   expired; without it, or once the session is revoked, the cookie is left alone;
 * - error_debug of a login or consent rejection reaches the client only under
 *   oauth2.expose_internal_errors (appended to error_description, as fosite's GetDescription);
 * - the consent-session list shows each consent request with its oidc_context and login_challenge,
 *   as GET consent request shows them, and without a consent challenge, as Hydra v26.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, authorizeUrl, createClient, query, sdk, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const SESSION = 'ory_hydra_session_dev';
const UI = { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' };

describeOnEachDatabase('login and consent details', { env: UI }, (ctx) => {
  const api = () => sdk(ctx.server);
  const params = (extra: Record<string, string> = {}) =>
    authorizeUrl(ctx.as, { client_id: 'details-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456', ...extra });

  before(async () => {
    await createClient(ctx.server, { client_id: 'details-app', client_secret: 'details-secret', grant_types: ['authorization_code'], scope: 'openid', redirect_uris: [REDIRECT] });
  });

  /** Accepts the login; the browser brings the verifier back. Returns that hop's session Set-Cookie (if any) and the consent challenge. */
  async function acceptLogin(browser: Browser, loginChallenge: string, body: Record<string, unknown>): Promise<{ sessionCookie?: string; consentChallenge: string }> {
    const { data } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'erin', ...body } });
    const hop = await browser.visit(data.redirect_to);
    const consentChallenge = query(hop.location, 'consent_challenge');
    assert.ok(consentChallenge, hop.location);
    return { sessionCookie: hop.headers.getSetCookie().find((line) => line.startsWith(`${SESSION}=`)), consentChallenge };
  }

  async function skipped(browser: Browser): Promise<{ skip: boolean; challenge: string; sid: string }> {
    const challenge = await startLogin(browser, params());
    const { data } = await api().getOAuth2LoginRequest({ loginChallenge: challenge });
    return { skip: data.skip, challenge, sid: data.session_id! };
  }

  it('extend_session_lifespan on a skipped login sets the session cookie again, for remember_for from now', async () => {
    const extended = new Browser();
    const plain = new Browser();
    for (const browser of [extended, plain]) {
      const first = await acceptLogin(browser, await startLogin(browser, params()), { remember: true, remember_for: 60 });
      assert.match(first.sessionCookie ?? '', /Max-Age=60/);
    }
    try {
      ctx.clock.offsetMs = 50_000;
      const again = await skipped(extended);
      assert.equal(again.skip, true);
      // Hydra forces remember on a skipped login: the extension needs no remember of its own.
      const renewed = await acceptLogin(extended, again.challenge, { extend_session_lifespan: true, remember_for: 60 });
      assert.match(renewed.sessionCookie ?? '', /Max-Age=60/, 'the cookie is set again');
      const untouched = await skipped(plain);
      assert.equal(untouched.skip, true);
      assert.equal((await acceptLogin(plain, untouched.challenge, { remember: true, remember_for: 60 })).sessionCookie, undefined, 'without the flag a skipped login leaves the cookie alone');

      // 100 s after the first login: the first cookie has expired, the extended one has not.
      ctx.clock.offsetMs = 100_000;
      const later = await skipped(extended);
      assert.equal(later.skip, true, 'still remembered after the original remember_for');
      assert.equal(later.sid, again.sid, 'the same login session');
      assert.equal((await skipped(plain)).skip, false, 'the cookie that was not extended has expired');
    } finally {
      ctx.clock.offsetMs = 0;
    }
  });

  it('does not extend a session revoked while its login was being accepted', async () => {
    const browser = new Browser();
    await acceptLogin(browser, await startLogin(browser, params()), { remember: true, remember_for: 60 });
    const again = await skipped(browser);
    assert.equal(again.skip, true);
    await api().revokeOAuth2LoginSessions({ sid: again.sid });
    const renewed = await acceptLogin(browser, again.challenge, { extend_session_lifespan: true, remember_for: 3600 });
    assert.equal(renewed.sessionCookie, undefined, 'a revoked session is not set again');
    assert.equal((await skipped(browser)).skip, false);
  });

  /** A rejection's redirect to the client, as the browser is sent there. */
  async function rejected(step: 'login' | 'consent'): Promise<URL> {
    const browser = new Browser();
    const loginChallenge = await startLogin(browser, params());
    const body = { error: 'access_denied', error_description: 'The user said no.', error_hint: 'Ask again later.', error_debug: 'upstream directory timed out', status_code: 403 };
    let redirectTo: string;
    if (step === 'login') {
      redirectTo = (await api().rejectOAuth2LoginRequest({ loginChallenge, rejectOAuth2Request: body })).data.redirect_to;
    } else {
      const { consentChallenge } = await acceptLogin(browser, loginChallenge, {});
      redirectTo = (await api().rejectOAuth2ConsentRequest({ consentChallenge, rejectOAuth2Request: body })).data.redirect_to;
    }
    const hop = await browser.visit(redirectTo);
    assert.ok(hop.location.startsWith(REDIRECT), hop.location);
    return new URL(hop.location);
  }

  it('keeps error_debug from the client unless oauth2.expose_internal_errors is set', async () => {
    for (const step of ['login', 'consent'] as const) {
      const url = await rejected(step);
      assert.equal(url.searchParams.get('error'), 'access_denied');
      assert.equal(url.searchParams.get('error_description'), 'The user said no. Ask again later.', step);
      assert.equal(url.searchParams.get('error_debug'), null, step);
      assert.doesNotMatch(url.href, /upstream/, step);
    }
    await ctx.restart({ env: { ...UI, OAUTH2_EXPOSE_INTERNAL_ERRORS: 'true' } });
    try {
      for (const step of ['login', 'consent'] as const) {
        const url = await rejected(step);
        assert.equal(url.searchParams.get('error_description'), 'The user said no. Ask again later. upstream directory timed out', step);
        assert.equal(url.searchParams.get('error_debug'), 'upstream directory timed out', step);
        assert.equal(url.searchParams.get('error_hint'), 'Ask again later.', step);
      }
    } finally {
      await ctx.restart({ env: UI });
    }
  });

  it('lists each consent request with its oidc_context and login_challenge, as GET consent request shows them', async () => {
    const browser = new Browser();
    const loginChallenge = await startLogin(browser, params({ login_hint: 'erin@example.com', ui_locales: 'de en', acr_values: 'urn:mfa', display: 'popup' }));
    const { consentChallenge } = await acceptLogin(browser, loginChallenge, { subject: 'listed-subject' });
    const { data: consentRequest } = await api().getOAuth2ConsentRequest({ consentChallenge });
    const { data: granted } = await api().acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['openid'] } });
    assert.ok(query((await browser.visit(granted.redirect_to)).location, 'code'));

    const { data: sessions } = await api().listOAuth2ConsentSessions({ subject: 'listed-subject' });
    assert.equal(sessions.length, 1);
    const listed = sessions[0]!.consent_request!;
    assert.deepEqual(listed.oidc_context, { acr_values: ['urn:mfa'], ui_locales: ['de', 'en'], display: 'popup', login_hint: 'erin@example.com' });
    assert.deepEqual(listed.oidc_context, consentRequest.oidc_context);
    assert.equal(listed.login_challenge, consentRequest.login_challenge);
    assert.equal(listed.login_challenge, loginChallenge, 'the login challenge of the flow');
    assert.equal(listed.challenge, '', 'Hydra v26 lists no consent challenge');
    assert.equal(listed.consent_request_id, consentRequest.consent_request_id);
  });
});
