/**
 * OpenID Connect UserInfo (OIDC Core §5.3) after a real code flow, on each database: the claims
 * the consent app put in session.id_token with the token's sub, over GET with a Bearer header and
 * POST with the form parameter (RFC 6750 §2.1, §2.2), through oauth4webapi as a relying party;
 * 401 with WWW-Authenticate for a missing, invalid, revoked or expired token (RFC 6750 §3.1).
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { request } from '../support/http.js';
import { createClient, insecure } from '../flow/support.js';
import { REDIRECT, codeFlowTokens, refreshRaw, revoke, type FlowClient } from '../flow/offline-grant.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const app: FlowClient = { id: 'userinfo-app', secret: 'userinfo-secret' };
const session = { id_token: { email: 'foo@bar.com', email_verified: true, sub: 'mallory', nonce: 'forged' }, access_token: { role: 'editor' } };

const serverOptions = {
  env: { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' },
};

describeOnEachDatabase('userinfo', serverOptions, (ctx) => {
  let url: string;
  before(async () => {
    url = `${ctx.server.publicUrl}/userinfo`;
    await createClient(ctx.server, {
      client_id: app.id, client_secret: app.secret, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      scope: 'openid offline_access email', redirect_uris: [REDIRECT],
    });
  });

  it('is advertised in discovery and answers the consented claims to a relying party', async () => {
    assert.equal(ctx.as.userinfo_endpoint, new URL('userinfo', ctx.as.issuer).toString());
    const tokens = await codeFlowTokens(ctx.server, ctx.as, app, 'openid email', session);
    const rp = { client_id: app.id };
    const response = await oauth.userInfoRequest(ctx.as, rp, tokens.access_token, insecure);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const claims = await oauth.processUserInfoResponse(ctx.as, rp, 'foo@bar.com', response);
    assert.equal(claims.sub, 'foo@bar.com', 'the consent app cannot replace sub');
    assert.equal(claims.email, 'foo@bar.com');
    assert.equal(claims.email_verified, true);
    assert.equal(claims.acr, '1');
    assert.deepEqual(claims.amr, ['pwd']);
    assert.equal(claims.nonce, undefined);
    assert.equal(claims.sid, undefined);
    assert.equal(claims.role, undefined, 'session.access_token stays in the access token');
  });

  it('accepts POST with the token in the form body, and the access token of a refresh', async () => {
    const tokens = await codeFlowTokens(ctx.server, ctx.as, app, 'openid offline_access email', session);
    const posted = await request('POST', url, `access_token=${encodeURIComponent(tokens.access_token)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    assert.equal(posted.body.email, 'foo@bar.com');
    const refreshed = await refreshRaw(ctx.server, app, tokens.refresh_token!);
    assert.equal(refreshed.status, 200);
    const got = await request('GET', url, undefined, { authorization: `Bearer ${refreshed.body.access_token}` });
    assert.equal(got.status, 200);
    assert.equal(got.body.sub, 'foo@bar.com');
    assert.equal(got.body.email, 'foo@bar.com');
  });

  it('answers 401 with WWW-Authenticate for a missing, invalid, refresh, revoked or expired token', async () => {
    const missing = await request('GET', url);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer', 'RFC 6750 §3.1: no error code without credentials');
    const tokens = await codeFlowTokens(ctx.server, ctx.as, app, 'openid offline_access email', session);
    const tampered = `${tokens.access_token.slice(0, -2)}xx`;
    for (const token of [tampered, 'not-a-token', tokens.refresh_token!]) {
      const response = await request('GET', url, undefined, { authorization: `Bearer ${token}` });
      assert.equal(response.status, 401, token);
      assert.match(response.headers.get('www-authenticate')!, /^Bearer error="invalid_token"/);
      assert.equal(response.body.error, 'invalid_token');
    }
    const both = await request('POST', url, `access_token=${tokens.access_token}`, { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${tokens.access_token}` });
    assert.equal(both.status, 400);
    assert.equal(both.body.error, 'invalid_request');
    ctx.clock.offsetMs = 2 * 3_600_000;
    try {
      const expired = await request('GET', url, undefined, { authorization: `Bearer ${tokens.access_token}` });
      assert.equal(expired.status, 401);
      assert.match(expired.headers.get('www-authenticate')!, /error="invalid_token"/);
    } finally {
      ctx.clock.offsetMs = 0;
    }
    assert.equal(await revoke(ctx.server, app, tokens.access_token), 200);
    const revoked = await request('GET', url, undefined, { authorization: `Bearer ${tokens.access_token}` });
    assert.equal(revoked.status, 401);
    assert.match(revoked.headers.get('www-authenticate')!, /^Bearer error="invalid_token"/);
  });
});
