/**
 * A client's `skip_consent` with Hydra's semantics (v2.2, #3451; CHANGELOG "Allow skipping consent
 * for trusted clients"): the server only forwards it to the consent app as client.skip_consent,
 * and the app accepts on the user's behalf. The consent request itself is not skipped (skip stays
 * false without a remembered consent), nothing is granted without the app's accept, and
 * prompt=none still needs a remembered consent (OIDC Core §3.1.2.1: consent_required).
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, authorizeUrl, createClient, login, pkce, query, sdk, startLogin } from './support.js';
import { REDIRECT } from './offline-grant.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('skip_consent', serverOptions, (ctx) => {
  const url = async (clientId: string, extra: Record<string, string> = {}) =>
    authorizeUrl(ctx.as, {
      client_id: clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456',
      code_challenge: (await pkce()).challenge, code_challenge_method: 'S256', ...extra,
    });

  before(async () => {
    const common = { client_secret: 'trusted-secret', grant_types: ['authorization_code'], response_types: ['code'], scope: 'openid', redirect_uris: [REDIRECT] };
    await createClient(ctx.server, { ...common, client_id: 'trusted', skip_consent: true });
    await createClient(ctx.server, { ...common, client_id: 'ordinary' });
  });

  it('forwards client.skip_consent to the consent app, which accepts for the user', async () => {
    const browser = new Browser();
    const api = sdk(ctx.server);
    const consentChallenge = await login(browser, api, await startLogin(browser, await url('trusted')));
    const { data: request } = await api.getOAuth2ConsentRequest({ consentChallenge });
    assert.equal(request.client?.skip_consent, true, 'the app learns that the client is trusted');
    assert.equal(request.skip, false, 'Hydra does not mark the request itself as skipped');
    const { data } = await api.acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: request.requested_scope } });
    const hop = await browser.visit(data.redirect_to);
    assert.ok(query(hop.location, 'code'), hop.location);

    const other = new Browser();
    const ordinary = await login(other, api, await startLogin(other, await url('ordinary')));
    assert.equal((await api.getOAuth2ConsentRequest({ consentChallenge: ordinary })).data.client?.skip_consent, false);
  });

  it('does not stand in for consent under prompt=none', async () => {
    const browser = new Browser();
    const api = sdk(ctx.server);
    const { data } = await api.acceptOAuth2LoginRequest({ loginChallenge: await startLogin(browser, await url('trusted')), acceptOAuth2LoginRequest: { subject: 'sam', remember: true } });
    await browser.visit(data.redirect_to);
    // The login is remembered, so prompt=none passes the login step (skip, accepted again) and stops at consent.
    const loginChallenge = await startLogin(browser, await url('trusted', { prompt: 'none' }));
    assert.equal((await api.getOAuth2LoginRequest({ loginChallenge })).data.skip, true);
    const { data: again } = await api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'sam' } });
    const hop = await browser.visit(again.redirect_to);
    assert.equal(hop.status, 302);
    assert.equal(query(hop.location, 'error'), 'consent_required', hop.location);
  });
});
