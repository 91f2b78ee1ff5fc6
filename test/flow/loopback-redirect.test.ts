/**
 * Loopback redirect URIs of native apps (RFC 8252 §7.3): a client registered with
 * http://127.0.0.1/callback or http://[::1]/callback may ask for any port at /oauth2/auth, and
 * redeems its code with the same URI, port included. Only loopback IP literals over http qualify
 * (fosite authorize_helper.go isMatchingAsLoopback); the path and query still match exactly, and
 * everything else still lands on the error page. On each database.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from '../support/http.js';
import { Browser, authorizeUrl, consent, createClient, login, query, sdk, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const ERROR_URL = 'http://login.test/error';
const REGISTERED = [
  'http://127.0.0.1/callback',
  'http://[::1]/callback',
  'http://localhost/callback',
  'http://127.0.0.1:7000/with-port',
  'http://127.0.0.1/query?app=1',
  'https://127.0.0.1/secure',
];

const serverOptions = {
  env: {
    URLS_LOGIN: 'http://login.test/login',
    URLS_CONSENT: 'http://login.test/consent',
    URLS_ERROR: ERROR_URL,
  },
};

describeOnEachDatabase('loopback redirect URIs', serverOptions, (ctx) => {
  const params = (redirectUri: string) => ({ client_id: 'native-app', response_type: 'code', redirect_uri: redirectUri, scope: 'photos.read', state: 'state-123456' });

  before(async () => {
    await createClient(ctx.server, { client_id: 'native-app', client_secret: 'native-secret', grant_types: ['authorization_code'], scope: 'photos.read', redirect_uris: REGISTERED });
  });

  async function redeem(code: string, redirectUri: string) {
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    const auth = `Basic ${Buffer.from('native-app:native-secret').toString('base64')}`;
    return request('POST', ctx.as.token_endpoint!, body.toString(), { 'content-type': 'application/x-www-form-urlencoded', authorization: auth });
  }

  async function refused(redirectUri: string): Promise<void> {
    const hop = await new Browser().visit(authorizeUrl(ctx.as, params(redirectUri)));
    assert.equal(hop.status, 302, hop.body);
    assert.ok(hop.location.startsWith(`${ERROR_URL}?`), `${redirectUri} must not be redirected to: ${hop.location}`);
    assert.equal(query(hop.location, 'error'), 'invalid_request');
  }

  it('accepts another port on 127.0.0.1, delivers the code there, and redeems it with that same URI', async () => {
    const used = 'http://127.0.0.1:49152/callback';
    const browser = new Browser();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, params(used)));
    const callback = await consent(browser, sdk(ctx.server), await login(browser, sdk(ctx.server), loginChallenge));
    assert.ok(callback.startsWith(`${used}?`), callback);
    const code = query(callback, 'code')!;
    assert.equal((await redeem(code, 'http://127.0.0.1/callback')).body.error, 'invalid_grant', 'the port used at /oauth2/auth is part of the URI to repeat');
    assert.equal((await redeem(code, 'http://127.0.0.1:49153/callback')).body.error, 'invalid_grant');
    const response = await redeem(code, used);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.ok(response.body.access_token);
  });

  it('accepts another port on [::1], the registered port replaced, and the port left out', async () => {
    for (const uri of ['http://[::1]:50000/callback', 'http://127.0.0.1:7001/with-port', 'http://127.0.0.1/with-port', 'http://127.0.0.1:50001/query?app=1']) {
      const hop = await new Browser().visit(authorizeUrl(ctx.as, params(uri)));
      assert.ok(query(hop.location, 'login_challenge'), `${uri}: ${hop.location}`);
    }
  });

  it('refuses localhost, another loopback address, another path or query, https, a user part, and a port out of range', async () => {
    for (const uri of [
      'http://localhost:50000/callback',
      'http://127.0.0.2:50000/callback',
      'http://127.0.0.1:50000/other',
      'http://127.0.0.1:50000/callback/',
      'http://127.0.0.1:50000/callback?x=1',
      'http://127.0.0.1:50000/query?app=2',
      'http://127.0.0.1:50000/query',
      'http://127.0.0.1:50000/callback#frag',
      'https://127.0.0.1:50000/callback',
      'https://127.0.0.1:8443/secure',
      'http://127.0.0.1:50000/secure',
      'http://user@127.0.0.1:50000/callback',
      'http://[::1]:50000/CALLBACK',
      'http://127.0.0.1:99999/callback',
      'HTTP://127.0.0.1:50000/callback',
    ]) {
      await refused(uri);
    }
  });
});
