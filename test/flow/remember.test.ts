/**
 * Remembered logins and consents (hydra-contract.md §6): `ory_hydra_session` lets the next login request
 * say `skip: true` with the subject; a remembered consent that covers the request says `skip`
 * too. prompt=login, max_age and prompt=consent override them; prompt=none succeeds only on both.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, authorizeUrl, createClient, query, sdk, sdkStatus, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const SESSION = 'ory_hydra_session_dev';

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('remembered login and consent', serverOptions, (ctx) => {
  const api = () => sdk(ctx.server);
  const params = (extra: Record<string, string> = {}) => authorizeUrl(ctx.as, { client_id: 'web-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid photos.read', state: 'state-123456', ...extra });

  before(async () => {
    await createClient(ctx.server, { client_id: 'web-app', client_secret: 'web-secret', grant_types: ['authorization_code'], scope: 'openid photos.read photos.write', redirect_uris: [REDIRECT] });
  });

  /** Accepts the login (remembered or not) and returns the consent challenge. */
  async function acceptLogin(browser: Browser, loginChallenge: string, body: Record<string, unknown>): Promise<string> {
    const { data } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'alice', ...body } });
    const hop = await browser.visit(data.redirect_to);
    const challenge = query(hop.location, 'consent_challenge');
    assert.ok(challenge, hop.location);
    return challenge;
  }

  async function acceptConsent(browser: Browser, consentChallenge: string, remember: boolean): Promise<string> {
    const { data: request } = await api().getOAuth2ConsentRequest({ consentChallenge });
    const { data } = await api().acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: { grant_scope: request.requested_scope, remember, remember_for: 3600 } });
    return (await browser.visit(data.redirect_to)).location;
  }

  it('skips a remembered login, for the same subject only, and then a remembered consent', async () => {
    const browser = new Browser();
    const first = await startLogin(browser, params());
    const consentChallenge = await acceptLogin(browser, first, { remember: true, remember_for: 3600 });
    assert.ok(browser.cookies.get(SESSION), 'the session cookie is set');
    assert.equal((await api().getOAuth2ConsentRequest({ consentChallenge })).data.skip, false);
    assert.ok(query(await acceptConsent(browser, consentChallenge, true), 'code'));

    const second = await startLogin(browser, params());
    const { data: loginRequest } = await api().getOAuth2LoginRequest({ loginChallenge: second });
    assert.equal(loginRequest.skip, true);
    assert.equal(loginRequest.subject, 'alice');
    assert.equal(await sdkStatus(api().acceptOAuth2LoginRequest({ loginChallenge: second, acceptOAuth2LoginRequest: { subject: 'mallory' } })), 400);
    const skipped = await acceptLogin(browser, second, {});
    assert.equal((await api().getOAuth2ConsentRequest({ consentChallenge: skipped })).data.skip, true);

    // A wider request is not covered by the remembered consent.
    const wider = await startLogin(browser, params({ scope: 'openid photos.read photos.write' }));
    assert.equal((await api().getOAuth2ConsentRequest({ consentChallenge: await acceptLogin(browser, wider, {}) })).data.skip, false);
  });

  it('forces the login UI on prompt=login, on max_age=0, and for a tampered or absent cookie', async () => {
    const browser = new Browser();
    await acceptLogin(browser, await startLogin(browser, params()), { remember: true });
    for (const extra of [{ prompt: 'login' }, { max_age: '0' }] as Record<string, string>[]) {
      const challenge = await startLogin(browser, params(extra));
      assert.equal((await api().getOAuth2LoginRequest({ loginChallenge: challenge })).data.skip, false, JSON.stringify(extra));
    }
    const forged = new Browser();
    forged.cookies.set(SESSION, `${browser.cookies.get(SESSION)!.slice(0, -4)}AAAA`);
    assert.equal((await api().getOAuth2LoginRequest({ loginChallenge: await startLogin(forged, params()) })).data.skip, false);
  });

  it('forgets the session when a login is accepted without remember', async () => {
    const browser = new Browser();
    await acceptLogin(browser, await startLogin(browser, params()), { remember: true });
    await acceptLogin(browser, await startLogin(browser, params({ prompt: 'login' })), { remember: false });
    assert.equal(browser.cookies.get(SESSION), '');
    assert.equal((await api().getOAuth2LoginRequest({ loginChallenge: await startLogin(browser, params()) })).data.skip, false);
  });

  it('completes prompt=none with a remembered login and consent, and answers consent_required without consent', async () => {
    const browser = new Browser();
    const consentChallenge = await acceptLogin(browser, await startLogin(browser, params({ scope: 'photos.read' })), { remember: true });
    assert.ok(query(await acceptConsent(browser, consentChallenge, true), 'code'));
    const silent = await startLogin(browser, params({ scope: 'photos.read', prompt: 'none' }));
    const skipped = await acceptLogin(browser, silent, {});
    assert.ok(query(await acceptConsent(browser, skipped, false), 'code'));

    const { data } = await api().acceptOAuth2LoginRequest({ loginChallenge: await startLogin(browser, params({ scope: 'photos.write', prompt: 'none' })), acceptOAuth2LoginRequest: { subject: 'alice' } });
    const hop = await browser.visit(data.redirect_to);
    assert.equal(query(hop.location, 'error'), 'consent_required');
  });
});
