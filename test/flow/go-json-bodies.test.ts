/**
 * Issue 9 defect 2: admin bodies are read as Hydra's encoding/json reads them (core/go-json.ts).
 * The case that broke a real app: hydra-login-consent-node sends `grant_scope: [null]` when the
 * user unticks every scope; Hydra grants nothing and the flow ends with an access token only.
 * Then the other shapes Go tolerates, on every admin body: null for optional fields and list
 * elements, a null body, case-insensitive field names, unknown fields, duplicate keys.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { request } from '../support/http.js';
import { Browser, authorizeUrl, createClient, insecure, login, pkce, sdk, startLogin } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const JSON_TYPE = { 'content-type': 'application/json' };

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('admin bodies decoded as Go decodes them,', serverOptions, (ctx) => {
  const client = { client_id: 'go-app' };
  before(async () => {
    await createClient(ctx.server, {
      client_id: 'go-app',
      client_secret: 'go-app-secret',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline photos.read',
      redirect_uris: [REDIRECT],
    });
  });

  /** Browser at the consent step of a flow asking for `scope`; returns the consent challenge and PKCE verifier. */
  async function atConsent(browser: Browser, scope: string) {
    const { verifier, challenge } = await pkce();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, {
      client_id: 'go-app', response_type: 'code', redirect_uri: REDIRECT, scope, state: 'state-0123456789', code_challenge: challenge, code_challenge_method: 'S256', nonce: 'nonce-0123456789',
    }));
    return { consentChallenge: await login(browser, sdk(ctx.server), loginChallenge), verifier };
  }

  async function exchange(browser: Browser, redirectTo: string, verifier: string) {
    const hop = await browser.visit(redirectTo);
    assert.equal(hop.status, 302, hop.body);
    assert.ok(hop.location.startsWith(`${REDIRECT}?`), hop.location);
    const params = oauth.validateAuthResponse(ctx.as, client, new URL(hop.location), 'state-0123456789');
    const response = await oauth.authorizationCodeGrantRequest(ctx.as, client, oauth.ClientSecretBasic('go-app-secret'), params, REDIRECT, verifier, insecure);
    assert.equal(response.status, 200);
    return (await response.json()) as Record<string, unknown>;
  }

  it("consent accepted with the reference app's grant_scope [null] ends with an access token only", async () => {
    const browser = new Browser();
    const { consentChallenge, verifier } = await atConsent(browser, 'openid offline photos.read');
    // Byte for byte what hydra-login-consent-node sends through the SDK when nothing is ticked.
    const accepted = await request('PUT', `${ctx.server.adminUrl}/admin/oauth2/auth/requests/consent/accept?consent_challenge=${consentChallenge}`,
      '{"grant_scope":[null],"session":{"access_token":{},"id_token":{}},"grant_access_token_audience":[],"remember":false,"remember_for":3600}', JSON_TYPE);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const tokens = await exchange(browser, accepted.body.redirect_to, verifier);
    assert.match(String(tokens.access_token), /^ory_at_/);
    assert.equal(tokens.id_token, undefined, 'no openid granted: no ID token');
    assert.equal(tokens.refresh_token, undefined, 'no offline granted: no refresh token');
    // fosite's SetScopes joins the granted scopes: an empty grant is "scope": "".
    assert.ok(tokens.scope === undefined || tokens.scope === '', `no scope granted, got ${JSON.stringify(tokens.scope)}`);
  });

  it('consent accepted with case-insensitive names and nulls grants what was named', async () => {
    const browser = new Browser();
    const { consentChallenge, verifier } = await atConsent(browser, 'openid photos.read');
    const accepted = await request('PUT', `${ctx.server.adminUrl}/admin/oauth2/auth/requests/consent/accept?consent_challenge=${consentChallenge}`,
      '{"Grant_Scope":["openid",null,"photos.read"],"GRANT_ACCESS_TOKEN_AUDIENCE":null,"session":{"access_token":null,"ID_Token":{"email":"foo@bar.com"}},"remember":null,"remember_for":null,"context":null,"unknown":{"x":1}}', JSON_TYPE);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const tokens = await exchange(browser, accepted.body.redirect_to, verifier);
    assert.equal(tokens.scope, 'openid photos.read');
    const payload = JSON.parse(Buffer.from(String(tokens.id_token).split('.')[1]!, 'base64url').toString());
    assert.equal(payload.email, 'foo@bar.com');
  });

  it('login accept and reject take nulls, other cases and unknown fields', async () => {
    const browser = new Browser();
    const { challenge } = await pkce();
    const url = authorizeUrl(ctx.as, { client_id: 'go-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-0123456789', code_challenge: challenge, code_challenge_method: 'S256' });
    const loginChallenge = await startLogin(browser, url);
    const accepted = await request('PUT', `${ctx.server.adminUrl}/admin/oauth2/auth/requests/login/accept?login_challenge=${loginChallenge}`,
      '{"Subject":"foo@bar.com","remember":null,"remember_for":null,"acr":null,"amr":[null,"pwd"],"context":null,"force_subject_identifier":null,"extend_session_lifespan":false,"unknown":1}', JSON_TYPE);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const other = await startLogin(new Browser(), url);
    const rejected = await request('PUT', `${ctx.server.adminUrl}/admin/oauth2/auth/requests/login/reject?login_challenge=${other}`,
      '{"error":null,"Error_Description":"no","status_code":null,"error_hint":null,"error_debug":null}', JSON_TYPE);
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    const hop = await new Browser().visit(rejected.body.redirect_to);
    assert.equal(hop.status, 302);
  });

  it('clients: nulls, a null body, case-insensitive names, duplicate keys, lone surrogates as U+FFFD', async () => {
    const admin = `${ctx.server.adminUrl}/admin/clients`;
    const created = await request('POST', admin,
      '{"Client_Name":"first","client_name":"named","redirect_uris":null,"contacts":[null],"grant_types":["client_credentials"],"metadata":null,"jwks":null,"owner":null,"skip_consent":null,"CLIENT_CREDENTIALS_GRANT_ACCESS_TOKEN_LIFESPAN":"2h","logo_uri":null}', JSON_TYPE);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.client_name, 'named', 'an exact match wins, as the last key');
    assert.deepEqual(created.body.redirect_uris, []);
    assert.equal(created.body.client_credentials_grant_access_token_lifespan, '2h0m0s');
    const duplicate = await request('POST', admin, '{"client_name":"a","client_name":"b","OWNER":"team","owner":null}', JSON_TYPE);
    assert.equal(duplicate.status, 201, JSON.stringify(duplicate.body));
    assert.equal(duplicate.body.client_name, 'b');
    assert.equal(duplicate.body.owner, 'team', 'null has no effect on a string field');
    const nothing = await request('POST', admin, 'null', JSON_TYPE);
    assert.equal(nothing.status, 201, 'Go decodes null into the zero client');
    const surrogate = await request('POST', admin, '{"client_name":"a\\ud800b"}', JSON_TYPE);
    assert.equal(surrogate.status, 201, JSON.stringify(surrogate.body));
    const read = await request('GET', `${admin}/${surrogate.body.client_id}`);
    assert.equal(read.body.client_name, 'a\uFFFDb');
    const replaced = await request('PUT', `${admin}/${created.body.client_id}`, '{"Client_Name":"renamed","grant_types":["client_credentials"],"audience":[null]}', JSON_TYPE);
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    assert.equal(replaced.body.client_name, 'renamed');
    const lifespans = await request('PUT', `${admin}/${created.body.client_id}/lifespans`, '{"client_credentials_grant_access_token_lifespan":null,"Implicit_Grant_Access_Token_Lifespan":"1h"}', JSON_TYPE);
    assert.equal(lifespans.status, 200, JSON.stringify(lifespans.body));
    assert.equal(lifespans.body.implicit_grant_access_token_lifespan, '1h0m0s');
    // A wrong type is still a 400 naming the field.
    const wrong = await request('POST', admin, '{"Client_Name":5}', JSON_TYPE);
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.error_description, /client_name/);
  });

  it('keys: a generation request and a key with nulls and other cases', async () => {
    const generated = await request('POST', `${ctx.server.adminUrl}/admin/keys/go-set`, '{"ALG":"ES256","kid":null,"use":null,"unknown":true}', JSON_TYPE);
    assert.equal(generated.status, 201, JSON.stringify(generated.body));
    const key = generated.body.keys[0];
    assert.equal(key.alg, 'ES256');
    const { d: _private, ...publicKey } = key;
    const body = JSON.stringify({ ...publicKey, kid: undefined, Use: 'sig', x5c: null, key_ops: null, alg: null });
    const put = await request('PUT', `${ctx.server.adminUrl}/admin/keys/go-set/${key.kid}`, body.replace('"kty"', '"KTY"'), JSON_TYPE);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.kid, key.kid, 'the kid of the path');
    assert.equal(put.body.kty, 'EC');
    const set = await request('PUT', `${ctx.server.adminUrl}/admin/keys/go-set`, JSON.stringify({ Keys: [{ ...publicKey, use: null }] }), JSON_TYPE);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.keys.length, 1);
  });
});
