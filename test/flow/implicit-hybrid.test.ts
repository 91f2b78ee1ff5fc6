/**
 * Implicit and hybrid flows (OIDC Core §3.2, §3.3; OAuth 2.0 Multiple Response Type Encoding
 * Practices) through Hydra's login and consent API, end to end: every response type answers in
 * the fragment, its ID token verifies against the published JWKS with at_hash and c_hash
 * recomputed here, a hybrid code is redeemed at the token endpoint, and the tokens issued at the
 * authorization endpoint die with the consent session. On each database.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { request } from '../support/http.js';
import { Browser, authorizeUrl, createClient, login, sdk, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const NONCE = 'n-0S6_WzA2Mj-nonce';
const ALL_TYPES = ['token', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'];

/** The response parameters of a fragment-mode redirect. */
export function fragment(location: string): URLSearchParams {
  const url = new URL(location);
  assert.equal(url.search, '', `nothing may travel in the query: ${location}`);
  return new URLSearchParams(url.hash.slice(1));
}

/** OIDC Core §3.3.2.11, recomputed independently: left half of SHA-256, base64url (RS256). */
function leftHalfSha256(value: string): string {
  return createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');
}

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('implicit and hybrid flows', serverOptions, (ctx) => {
  const api = () => sdk(ctx.server);
  const url = (extra: Record<string, string>) => authorizeUrl(ctx.as, {
    client_id: 'spa', redirect_uri: REDIRECT, scope: 'openid offline photos.read', state: 'state-123456', nonce: NONCE, ...extra,
  });

  before(async () => {
    await createClient(ctx.server, {
      client_id: 'spa', client_secret: 'spa-secret', grant_types: ['implicit', 'authorization_code', 'refresh_token'],
      response_types: ['code', 'token', 'id_token', 'token id_token', 'id_token code', 'code token', 'code id_token token'],
      scope: 'openid offline photos.read', redirect_uris: [REDIRECT], implicit_grant_access_token_lifespan: '30m',
    });
    await createClient(ctx.server, { client_id: 'code-only', client_secret: 'secret', grant_types: ['authorization_code'], response_types: ['code'], scope: 'openid', redirect_uris: [REDIRECT] });
    await createClient(ctx.server, { client_id: 'no-implicit', client_secret: 'secret', grant_types: ['authorization_code'], response_types: ['token', 'code'], scope: 'openid', redirect_uris: [REDIRECT] });
  });

  /** Login as `subject`, consent to all, and return where the browser is finally sent. */
  async function authorize(browser: Browser, start: string, subject = 'foo@bar.com'): Promise<{ status: number; location: string; body: string; headers: Headers }> {
    const consentChallenge = await login(browser, api(), await startLogin(browser, start), subject);
    const { data: consentRequest } = await api().getOAuth2ConsentRequest({ consentChallenge });
    const { data } = await api().acceptOAuth2ConsentRequest({
      consentChallenge,
      acceptOAuth2ConsentRequest: { grant_scope: consentRequest.requested_scope, session: { id_token: { email: subject } } },
    });
    return browser.visit(data.redirect_to);
  }

  async function introspect(token: string): Promise<any> {
    const response = await request('POST', `${ctx.server.adminUrl}/admin/oauth2/introspect`, new URLSearchParams({ token }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(response.status, 200);
    return response.body;
  }

  for (const responseType of ALL_TYPES) {
    it(`answers response_type '${responseType}' in the fragment`, async () => {
      const hop = await authorize(new Browser(), url({ response_type: responseType }));
      assert.equal(hop.status, 302, hop.body);
      assert.ok(hop.location.startsWith(`${REDIRECT}#`), hop.location);
      const params = fragment(hop.location);
      const words = responseType.split(' ');
      assert.equal(params.get('state'), 'state-123456');
      assert.equal(params.get('iss'), ctx.as.issuer);
      // RFC 6749 §4.2.2: never a refresh token from the authorization endpoint, offline or not.
      assert.equal(params.get('refresh_token'), null);
      assert.equal(params.has('code'), words.includes('code'));
      assert.equal(params.has('access_token'), words.includes('token'));
      assert.equal(params.has('id_token'), words.includes('id_token'));

      const accessToken = params.get('access_token');
      if (accessToken) {
        assert.match(accessToken, /^ory_at_/);
        assert.equal(params.get('token_type'), 'bearer');
        // implicit_grant_access_token_lifespan of the client, not ttl.access_token.
        assert.ok(Math.abs(Number(params.get('expires_in')) - 1800) <= 2, params.get('expires_in')!);
        assert.equal(params.get('scope'), 'openid offline photos.read');
        const active = await introspect(accessToken);
        assert.equal(active.active, true);
        assert.equal(active.sub, 'foo@bar.com');
        assert.equal(active.client_id, 'spa');
        // The token carries the consent's ID token claims to userinfo, as a code grant's does.
        const userinfo = await request('GET', ctx.as.userinfo_endpoint!, undefined, { authorization: `Bearer ${accessToken}` });
        assert.equal(userinfo.status, 200, JSON.stringify(userinfo.body));
        assert.equal(userinfo.body.sub, 'foo@bar.com');
        assert.equal(userinfo.body.email, 'foo@bar.com');
      }
      const idToken = params.get('id_token');
      if (idToken) {
        const { payload, protectedHeader } = await jwtVerify(idToken, createRemoteJWKSet(new URL(ctx.as.jwks_uri!)), { issuer: ctx.as.issuer, audience: 'spa' });
        assert.equal(protectedHeader.alg, 'RS256');
        assert.equal(payload.sub, 'foo@bar.com');
        assert.equal(payload.nonce, NONCE);
        assert.equal(payload.email, 'foo@bar.com');
        assert.equal(payload.at_hash, accessToken ? leftHalfSha256(accessToken) : undefined);
        assert.equal(payload.c_hash, params.get('code') ? leftHalfSha256(params.get('code')!) : undefined);
        assert.equal((payload.exp as number) - (payload.iat as number), 3600);
      }
      const code = params.get('code');
      if (code) {
        assert.match(code, /^ory_ac_/);
        const redeemed = await request('POST', ctx.as.token_endpoint!, new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }).toString(), {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from('spa:spa-secret').toString('base64')}`,
        });
        assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
        assert.match(redeemed.body.access_token, /^ory_at_/);
        assert.ok(redeemed.body.refresh_token, 'the token endpoint, unlike the authorization endpoint, honours offline');
        const { payload } = await jwtVerify(redeemed.body.id_token, createRemoteJWKSet(new URL(ctx.as.jwks_uri!)), { issuer: ctx.as.issuer, audience: 'spa' });
        assert.equal(payload.nonce, NONCE);
      }
    });
  }

  it('accepts the words of response_type in any order', async () => {
    const params = fragment((await authorize(new Browser(), url({ response_type: 'token id_token' }))).location);
    assert.ok(params.get('access_token'));
    assert.ok(params.get('id_token'));
  });

  it('answers an implicit request without nonce with invalid_request in the fragment', async () => {
    for (const responseType of ['id_token', 'id_token token', 'code id_token']) {
      const hop = await new Browser().visit(authorizeUrl(ctx.as, { client_id: 'spa', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456', response_type: responseType }));
      assert.equal(hop.status, 302);
      const params = fragment(hop.location);
      assert.equal(params.get('error'), 'invalid_request', responseType);
      assert.match(params.get('error_hint')!, /nonce/);
      assert.equal(params.get('state'), 'state-123456');
      assert.equal(params.get('iss'), ctx.as.issuer);
    }
  });

  it('measures the nonce in bytes, as fosite does: under 8 is insufficient_entropy, 4 two-byte characters pass', async () => {
    const visit = (nonce: string) =>
      new Browser().visit(authorizeUrl(ctx.as, { client_id: 'spa', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456', response_type: 'id_token', nonce }));
    const short = fragment((await visit('n-1234')).location);
    assert.equal(short.get('error'), 'insufficient_entropy');
    assert.match(short.get('error_hint')!, /nonce/);
    const wide = await visit('éééé');
    assert.ok(new URL(wide.location).searchParams.get('login_challenge'), wide.location);
  });

  it('refuses response_mode=query for a response that carries a token', async () => {
    for (const responseType of ['token', 'id_token', 'code id_token']) {
      const hop = await new Browser().visit(url({ response_type: responseType, response_mode: 'query' }));
      assert.equal(hop.status, 302);
      const params = fragment(hop.location);
      assert.equal(params.get('error'), 'unsupported_response_mode', responseType);
      assert.equal(params.get('state'), 'state-123456');
    }
  });

  it('refuses a response type the client did not register, and an implicit response without the implicit grant', async () => {
    const unregistered = fragment((await new Browser().visit(url({ client_id: 'code-only', response_type: 'id_token token', scope: 'openid' }))).location);
    assert.equal(unregistered.get('error'), 'unsupported_response_type');
    const noGrant = fragment((await new Browser().visit(url({ client_id: 'no-implicit', response_type: 'token', scope: 'openid' }))).location);
    assert.equal(noGrant.get('error'), 'unauthorized_client');
    const unknown = await new Browser().visit(url({ response_type: 'code code' }));
    assert.equal(new URL(unknown.location).searchParams.get('error'), 'unsupported_response_type');
  });

  it('revokes the tokens of an implicit flow with the consent session', async () => {
    const params = fragment((await authorize(new Browser(), url({ response_type: 'id_token token' }), 'carol')).location);
    const accessToken = params.get('access_token')!;
    assert.equal((await introspect(accessToken)).active, true);
    const revoked = await request('DELETE', `${ctx.server.adminUrl}/admin/oauth2/auth/sessions/consent?subject=carol&client=spa`);
    assert.equal(revoked.status, 204, JSON.stringify(revoked.body));
    assert.equal((await introspect(accessToken)).active, false);
  });
});
