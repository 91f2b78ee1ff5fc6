/**
 * The `state` of an authorization request (fosite authorize_request_handler.go, MinParameterEntropy
 * 8): none, or fewer than 8 characters, is invalid_state, sent back to the client by redirect;
 * except a plain code request carrying a PKCE code_challenge (RFC 9700 §2.1), which needs none.
 * On each database.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { Browser, authorizeUrl, consent, createClient, insecure, login, pkce, query, sdk, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const ERROR_URL = 'http://login.test/error';
const HINT = "Request parameter 'state' must be at least be 8 characters long to ensure sufficient entropy.";

const serverOptions = {
  env: {
    URLS_LOGIN: 'http://login.test/login',
    URLS_CONSENT: 'http://login.test/consent',
    URLS_ERROR: ERROR_URL,
  },
};

describeOnEachDatabase('state of authorization requests', serverOptions, (ctx) => {
  const params = (extra: Record<string, string> = {}) => ({ client_id: 'web-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', ...extra });

  before(async () => {
    await createClient(ctx.server, {
      client_id: 'web-app',
      client_secret: 'web-secret',
      grant_types: ['authorization_code', 'implicit'],
      response_types: ['code', 'code id_token', 'id_token', 'token'],
      scope: 'openid',
      redirect_uris: [REDIRECT],
    });
  });

  /** The same request by a form POST (OIDC Core §3.1.2.1), answered with 303. */
  async function post(body: Record<string, string>): Promise<{ status: number; location: string }> {
    const response = await fetch(ctx.as.authorization_endpoint!, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
    await response.arrayBuffer();
    return { status: response.status, location: response.headers.get('location') ?? '' };
  }

  function assertInvalidState(location: string, state: string | null): void {
    assert.ok(location.startsWith(`${REDIRECT}?`), `invalid_state goes back to the client: ${location}`);
    assert.equal(query(location, 'error'), 'invalid_state', location);
    assert.equal(query(location, 'error_hint'), HINT);
    assert.equal(query(location, 'state'), state);
    assert.equal(query(location, 'iss'), ctx.as.issuer);
  }

  it('refuses a request without state, or with fewer than 8 characters, by redirect to the client (GET and POST)', async () => {
    for (const state of [undefined, '', 'short12', 'ééé']) {
      const extra: Record<string, string> = state === undefined ? {} : { state };
      const hop = await new Browser().visit(authorizeUrl(ctx.as, params(extra)));
      assert.equal(hop.status, 302);
      assertInvalidState(hop.location, state || null);
      const posted = await post(params(extra));
      assert.equal(posted.status, 303);
      assertInvalidState(posted.location, state || null);
    }
  });

  it('accepts 8 characters (counted in bytes, as Go counts them)', async () => {
    for (const state of ['12345678', 'éééé']) {
      const hop = await new Browser().visit(authorizeUrl(ctx.as, params({ state })));
      assert.ok(query(hop.location, 'login_challenge'), `${state}: ${hop.location}`);
    }
  });

  it('lets a code request with PKCE leave state out, through to the code exchange', async () => {
    const { verifier, challenge } = await pkce();
    const browser = new Browser();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, params({ code_challenge: challenge, code_challenge_method: 'S256' })));
    const callback = await consent(browser, sdk(ctx.server), await login(browser, sdk(ctx.server), loginChallenge));
    assert.ok(callback.startsWith(`${REDIRECT}?`), callback);
    assert.equal(query(callback, 'state'), null);
    const client = { client_id: 'web-app' };
    const response = await oauth.authorizationCodeGrantRequest(
      ctx.as, client, oauth.ClientSecretBasic('web-secret'), oauth.validateAuthResponse(ctx.as, client, new URL(callback), oauth.expectNoState), REDIRECT, verifier, insecure,
    );
    assert.equal(response.status, 200);
    const short = await new Browser().visit(authorizeUrl(ctx.as, params({ state: 'abc', code_challenge: challenge, code_challenge_method: 'S256' })));
    assert.ok(query(short.location, 'login_challenge'), short.location);
  });

  it('still requires state when a token or ID token comes from the authorization endpoint, PKCE or not', async () => {
    const { challenge } = await pkce();
    for (const responseType of ['code id_token', 'id_token', 'token']) {
      const hop = await new Browser().visit(authorizeUrl(ctx.as, params({ response_type: responseType, nonce: 'nonce-12345678', code_challenge: challenge, code_challenge_method: 'S256' })));
      const answer = new URL(hop.location);
      assert.equal(`${answer.origin}${answer.pathname}`, REDIRECT, hop.location);
      assert.equal(new URLSearchParams(answer.hash.slice(1)).get('error'), 'invalid_state', `${responseType}: ${hop.location}`);
    }
  });

  it('sends a bad redirect_uri to the error page before looking at state', async () => {
    const hop = await new Browser().visit(authorizeUrl(ctx.as, params({ redirect_uri: 'https://evil.example/callback' })));
    assert.ok(hop.location.startsWith(`${ERROR_URL}?`), hop.location);
    assert.equal(query(hop.location, 'error'), 'invalid_request');
  });
});
