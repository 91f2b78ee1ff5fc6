/**
 * Hydra's session admin API with the official SDK: consent sessions listed in Hydra's shape and
 * revoked (the tokens they issued die, the consent UI is shown again), and login sessions revoked
 * by subject or sid so that the next login is not skipped although the cookie is still sent.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { Browser, authorizeUrl, createClient, insecure, query, sdk, sdkStatus, startLogin } from '../flow/support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const client: oauth.Client = { client_id: 'web-app' };

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('consent and login sessions', serverOptions, (ctx) => {
  const api = () => sdk(ctx.server);
  const start = (browser: Browser) =>
    startLogin(browser, authorizeUrl(ctx.as, { client_id: 'web-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid offline', state: 'state-123456' }));

  before(async () => {
    await createClient(ctx.server, { client_id: 'web-app', client_secret: 'web-secret', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], scope: 'openid offline', redirect_uris: [REDIRECT] });
  });

  /** A full flow as `subject`, login and consent remembered; returns the tokens and whether the login was skipped. */
  async function signIn(browser: Browser, subject: string): Promise<{ tokens: oauth.TokenEndpointResponse; skipped: boolean; sid: string }> {
    const loginChallenge = await start(browser);
    const { data: loginRequest } = await api().getOAuth2LoginRequest({ loginChallenge });
    const { data: accepted } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject, remember: true, remember_for: 3600 } });
    const consentChallenge = query((await browser.visit(accepted.redirect_to)).location, 'consent_challenge')!;
    const { data: granted } = await api().acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: ['openid', 'offline'], remember: true, remember_for: 3600 } });
    const callback = (await browser.visit(granted.redirect_to)).location;
    const params = oauth.validateAuthResponse(ctx.as, client, new URL(callback), 'state-123456');
    const response = await oauth.authorizationCodeGrantRequest(ctx.as, client, oauth.ClientSecretBasic('web-secret'), params, REDIRECT, oauth.nopkce, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(ctx.as, client, response, { requireIdToken: true });
    return { tokens, skipped: loginRequest.skip, sid: loginRequest.session_id! };
  }

  async function active(token: string): Promise<boolean> {
    const response = await fetch(`${ctx.server.adminUrl}/admin/oauth2/introspect`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }) });
    return ((await response.json()) as { active: boolean }).active;
  }

  it('lists a remembered consent in Hydra’s shape and revokes it with its tokens', async () => {
    const { tokens } = await signIn(new Browser(), 'carol');
    const { data: sessions } = await api().listOAuth2ConsentSessions({ subject: 'carol' });
    assert.equal(sessions.length, 1);
    assert.deepEqual(sessions[0]!.grant_scope, ['openid', 'offline']);
    assert.equal(sessions[0]!.remember, true);
    assert.equal(sessions[0]!.consent_request?.client?.client_id, 'web-app');
    assert.equal(sessions[0]!.consent_request?.subject, 'carol');
    assert.equal((await api().listOAuth2ConsentSessions({ subject: 'nobody' })).data.length, 0);
    assert.equal(await sdkStatus(api().revokeOAuth2ConsentSessions({ subject: 'carol' })), 400, 'client or all=true is required');

    assert.equal(await active(tokens.access_token), true);
    await api().revokeOAuth2ConsentSessions({ subject: 'carol', client: 'web-app' });
    assert.equal(await active(tokens.access_token), false, 'the access token dies');
    assert.equal(await active(tokens.refresh_token!), false, 'the refresh token dies');
    assert.equal((await api().listOAuth2ConsentSessions({ subject: 'carol' })).data.length, 0);
  });

  it('revokes every consent of a subject with all=true, and the consent UI is shown again', async () => {
    const browser = new Browser();
    const { tokens } = await signIn(browser, 'dave');
    await api().revokeOAuth2ConsentSessions({ subject: 'dave', all: true });
    assert.equal(await active(tokens.access_token), false);
    const loginChallenge = await start(browser);
    const { data } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'dave' } });
    const consentChallenge = query((await browser.visit(data.redirect_to)).location, 'consent_challenge')!;
    assert.equal((await api().getOAuth2ConsentRequest({ consentChallenge })).data.skip, false);
  });

  it('revokes login sessions by subject: the next login is not skipped, a later login is remembered again', async () => {
    const browser = new Browser();
    await signIn(browser, 'erin');
    assert.equal((await signIn(browser, 'erin')).skipped, true, 'remembered before the revocation');
    await api().revokeOAuth2LoginSessions({ subject: 'erin' });
    assert.equal((await signIn(browser, 'erin')).skipped, false, 'not skipped after it');
    assert.equal((await signIn(browser, 'erin')).skipped, true, 'the new login is remembered');
  });

  it('revokes one login session by sid, and needs exactly one of subject and sid', async () => {
    const browser = new Browser();
    await signIn(browser, 'frank');
    const { sid, skipped } = await signIn(browser, 'frank');
    assert.equal(skipped, true);
    await api().revokeOAuth2LoginSessions({ sid });
    assert.equal((await signIn(browser, 'frank')).skipped, false);
    assert.equal(await sdkStatus(api().revokeOAuth2LoginSessions({})), 400);
  });
});
