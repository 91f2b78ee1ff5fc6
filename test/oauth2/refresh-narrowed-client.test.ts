/**
 * A refresh after the client's registration was narrowed, on each database, answered as fosite's
 * flow_refresh.go (refresh_token_grant_test.go "scope no longer allowed", "audience no longer
 * allowed"): a granted scope the client may no longer request is invalid_scope, a granted audience
 * no longer registered is invalid_request; the refresh token is not rotated by the failure and
 * works again once the client is allowed what it was granted.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { request } from '../support/http.js';
import { Browser, authorizeUrl, consent, createClient, insecure, login, pkce, sdk, startLogin } from '../flow/support.js';
import { REDIRECT, refreshRaw, type FlowClient } from '../flow/offline-grant.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const app: FlowClient = { id: 'narrowed-app', secret: 'narrowed-secret' };
const SCOPE = 'openid offline_access read write';
const AUDIENCE = ['https://api.one.example', 'https://api.two.example'];

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('refresh after the client was narrowed', serverOptions, (ctx) => {
  const patch = async (operations: unknown[]) => {
    const response = await request('PATCH', `${ctx.server.adminUrl}/admin/clients/${app.id}`, operations);
    assert.equal(response.status, 200, JSON.stringify(response.body));
  };

  before(async () => {
    await createClient(ctx.server, {
      client_id: app.id, client_secret: app.secret, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      scope: SCOPE, audience: AUDIENCE, redirect_uris: [REDIRECT],
    });
  });

  /** A code flow granting every scope and both audiences; the refresh token. */
  async function refreshToken(): Promise<string> {
    const browser = new Browser();
    const { verifier, challenge } = await pkce();
    const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, {
      client_id: app.id, response_type: 'code', redirect_uri: REDIRECT, scope: SCOPE, audience: AUDIENCE.join(' '), state: 'state-123456',
      code_challenge: challenge, code_challenge_method: 'S256',
    }));
    const callback = await consent(browser, sdk(ctx.server), await login(browser, sdk(ctx.server), loginChallenge));
    const rp = { client_id: app.id };
    const params = oauth.validateAuthResponse(ctx.as, rp, new URL(callback), 'state-123456');
    const response = await oauth.authorizationCodeGrantRequest(ctx.as, rp, oauth.ClientSecretBasic(app.secret), params, REDIRECT, verifier, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(ctx.as, rp, response);
    assert.deepEqual(tokens.scope?.split(' ').sort(), SCOPE.split(' ').sort());
    return tokens.refresh_token!;
  }

  it('refuses a granted scope the client may no longer request, without rotating the token', async () => {
    const token = await refreshToken();
    await patch([{ op: 'replace', path: '/scope', value: 'openid offline_access read' }]);
    try {
      const refused = await refreshRaw(ctx.server, app, token);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error, 'invalid_scope');
      assert.match(refused.body.error_description, /not allowed to request scope 'write'/);
    } finally {
      await patch([{ op: 'replace', path: '/scope', value: SCOPE }]);
    }
    const again = await refreshRaw(ctx.server, app, token);
    assert.equal(again.status, 200, 'the failed refresh did not use the token up');
  });

  it('refuses a granted audience no longer registered for the client', async () => {
    const token = await refreshToken();
    await patch([{ op: 'replace', path: '/audience', value: [AUDIENCE[0]] }]);
    try {
      const refused = await refreshRaw(ctx.server, app, token);
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error, 'invalid_request');
      assert.match(refused.body.error_description, /audience 'https:\/\/api\.two\.example' has not been whitelisted/);
    } finally {
      await patch([{ op: 'replace', path: '/audience', value: AUDIENCE }]);
    }
    const again = await refreshRaw(ctx.server, app, token);
    assert.equal(again.status, 200);
    const introspection = await request('POST', `${ctx.server.adminUrl}/admin/oauth2/introspect`, `token=${encodeURIComponent(again.body.access_token)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    assert.deepEqual(introspection.body.aud.sort(), [...AUDIENCE].sort());
  });
});
