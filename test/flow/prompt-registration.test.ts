/**
 * prompt=registration (Hydra consent/strategy_default.go): the user is sent to urls.registration
 * with the login challenge instead of urls.login, and the registration UI finishes the step with
 * the same login API; without urls.registration, Hydra's RegistrationURL falls back to urls.login.
 * On each database.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, authorizeUrl, consent, createClient, login, query, sdk } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const UI = { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' };

describeOnEachDatabase('prompt=registration', { env: { ...UI, URLS_REGISTRATION: 'http://login.test/registration?flow=signup' } }, (ctx) => {
  before(async () => {
    await createClient(ctx.server, {
      client_id: 'web-app',
      client_secret: 'web-secret',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
      redirect_uris: [REDIRECT],
    });
  });

  const params = (prompt?: string) => ({
    client_id: 'web-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-12345678',
    ...(prompt ? { prompt } : {}),
  });

  it('sends the user to urls.registration with the login challenge, and the flow goes on from there', async () => {
    const browser = new Browser();
    const hop = await browser.visit(authorizeUrl(ctx.as, params('registration')));
    assert.equal(hop.status, 302, hop.body);
    const location = new URL(hop.location);
    assert.equal(`${location.origin}${location.pathname}`, 'http://login.test/registration');
    assert.equal(location.searchParams.get('flow'), 'signup');
    const loginChallenge = location.searchParams.get('login_challenge')!;
    assert.ok(loginChallenge);
    const api = sdk(ctx.server);
    const { data } = await api.getOAuth2LoginRequest({ loginChallenge });
    assert.equal(new URL(data.request_url).searchParams.get('prompt'), 'registration');
    const callback = await consent(browser, api, await login(browser, api, loginChallenge, 'new-user@example.com'));
    assert.ok(query(callback, 'code'), callback);
  });

  it('sends every other request to urls.login', async () => {
    for (const prompt of [undefined, 'login', 'consent']) {
      const hop = await new Browser().visit(authorizeUrl(ctx.as, params(prompt)));
      assert.ok(hop.location.startsWith('http://login.test/login?login_challenge='), hop.location);
    }
  });

  it('falls back to urls.login when urls.registration is not set, as Hydra does', async () => {
    await ctx.restart({ env: UI });
    const hop = await new Browser().visit(authorizeUrl(ctx.as, params('registration')));
    assert.ok(hop.location.startsWith('http://login.test/login?login_challenge='), hop.location);
  });
});
