/**
 * The refresh_token grant after a real code flow with offline_access, on each database: a
 * relying party (oauth4webapi) refreshes; rotation, reuse detection revoking the chain, scope
 * narrowing, another client's token, revocation (RFC 7009 §2.1), expiry on an injected clock,
 * the rotation grace period, and concurrent refreshes with the same token (never a 500).
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { halfHash } from '../../src/oauth2/tokens/id-token.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { createClient, insecure } from '../flow/support.js';
import { REDIRECT, basic, codeFlow, codeFlowTokens, introspect, refreshRaw, revoke, type FlowClient } from '../flow/offline-grant.js';
import { request } from '../support/http.js';

const HOUR = 3_600_000;
const env = { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' };
const app: FlowClient = { id: 'offline-app', secret: 'offline-secret' };
const other: FlowClient = { id: 'other-app', secret: 'other-secret' };
const registration = (client: FlowClient, extra: Record<string, unknown> = {}) => ({
  client_id: client.id, client_secret: client.secret, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
  scope: 'openid offline_access photos.read photos.write', redirect_uris: [REDIRECT], ...extra,
});

describeOnEachDatabase('refresh tokens', { env }, (ctx) => {
  before(async () => {
    await createClient(ctx.server, registration(app));
    await createClient(ctx.server, registration(other));
    await createClient(ctx.server, registration({ id: 'short-lived', secret: 'short-secret' }, { authorization_code_grant_refresh_token_lifespan: '1h' }));
    await createClient(ctx.server, { ...registration({ id: 'no-refresh', secret: 'no-refresh-secret' }), grant_types: ['authorization_code'] });
  });

  it('issues a refresh token only with offline_access and the refresh_token grant', async () => {
    const online = await codeFlowTokens(ctx.server, ctx.as, app, 'openid photos.read');
    assert.equal(online.refresh_token, undefined);
    const notAllowed = await codeFlowTokens(ctx.server, ctx.as, { id: 'no-refresh', secret: 'no-refresh-secret' }, 'openid offline_access');
    assert.equal(notAllowed.refresh_token, undefined);
    const offline = await codeFlowTokens(ctx.server, ctx.as, app, 'openid offline_access photos.read');
    assert.match(offline.refresh_token!, /^ory_rt_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const rt = await introspect(ctx.server, offline.refresh_token!);
    assert.equal(rt.active, true);
    assert.equal(rt.token_use, 'refresh_token');
    assert.equal(rt.client_id, app.id);
    assert.equal(rt.sub, 'foo@bar.com');
    assert.equal(rt.scope, 'openid offline_access photos.read');
  });

  it('refreshes with oauth4webapi: new tokens, an ID token without nonce, and the old pair dead', async () => {
    const first = await codeFlowTokens(ctx.server, ctx.as, app, 'openid offline_access photos.read', { id_token: { email: 'foo@bar.com' } });
    const rp = { client_id: app.id };
    const response = await oauth.refreshTokenGrantRequest(ctx.as, rp, oauth.ClientSecretBasic(app.secret), first.refresh_token!, insecure);
    const second = await oauth.processRefreshTokenResponse(ctx.as, rp, response);
    assert.match(second.access_token, /^ory_at_/);
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.equal(second.scope, 'openid offline_access photos.read');
    const { payload } = await jwtVerify(second.id_token!, createRemoteJWKSet(new URL(ctx.as.jwks_uri!)), { issuer: ctx.as.issuer, audience: app.id });
    assert.equal(payload.sub, 'foo@bar.com');
    assert.equal(payload.email, 'foo@bar.com');
    assert.equal(payload.nonce, undefined, 'OIDC Core §12.2: no nonce in a refreshed ID token');
    assert.equal(payload.at_hash, halfHash(second.access_token, 'RS256'));
    assert.equal((await introspect(ctx.server, second.access_token)).active, true);
    assert.equal((await introspect(ctx.server, first.access_token)).active, false, 'strict rotation revokes the earlier access token');
    assert.equal((await introspect(ctx.server, first.refresh_token!)).active, false);
  });

  it('refuses a rotated token and, as reuse, revokes the whole chain', async () => {
    const first = await codeFlowTokens(ctx.server, ctx.as, app, 'openid offline_access');
    const second = await refreshRaw(ctx.server, app, first.refresh_token!);
    assert.equal(second.status, 200, JSON.stringify(second.body));
    const third = await refreshRaw(ctx.server, app, second.body.refresh_token);
    assert.equal(third.status, 200, JSON.stringify(third.body));
    const reused = await refreshRaw(ctx.server, app, first.refresh_token!);
    assert.equal(reused.status, 400);
    assert.equal(reused.body.error, 'invalid_grant');
    assert.match(reused.body.error_hint, /re-use was detected/);
    assert.equal((await introspect(ctx.server, third.body.access_token)).active, false);
    assert.equal((await introspect(ctx.server, third.body.refresh_token)).active, false);
    const afterwards = await refreshRaw(ctx.server, app, third.body.refresh_token);
    assert.equal(afterwards.body.error, 'invalid_grant');
  });

  it('lets scope narrow (RFC 6749 §6) but never widen', async () => {
    const first = await codeFlowTokens(ctx.server, ctx.as, app, 'openid offline_access photos.read');
    const wider = await refreshRaw(ctx.server, app, first.refresh_token!, { scope: 'photos.read photos.write' });
    assert.equal(wider.status, 400);
    assert.equal(wider.body.error, 'invalid_scope');
    const narrow = await refreshRaw(ctx.server, app, first.refresh_token!, { scope: 'photos.read' });
    assert.equal(narrow.status, 200, JSON.stringify(narrow.body));
    assert.equal(narrow.body.scope, 'photos.read');
    assert.equal(narrow.body.id_token, undefined);
    assert.equal((await introspect(ctx.server, narrow.body.access_token)).scope, 'photos.read');
    // §6: the new refresh token keeps the scope originally granted.
    assert.equal((await introspect(ctx.server, narrow.body.refresh_token)).scope, 'openid offline_access photos.read');
  });

  it("refuses another client's refresh token and leaves it usable by its owner", async () => {
    const first = await codeFlowTokens(ctx.server, ctx.as, app, 'offline_access');
    const stolen = await refreshRaw(ctx.server, other, first.refresh_token!);
    assert.equal(stolen.status, 400);
    assert.equal(stolen.body.error, 'invalid_grant');
    assert.equal((await refreshRaw(ctx.server, app, first.refresh_token!)).status, 200);
  });

  it('revoking a refresh token kills the access tokens of its grant (RFC 7009 §2.1)', async () => {
    const first = await codeFlowTokens(ctx.server, ctx.as, app, 'offline_access photos.read');
    assert.equal(await revoke(ctx.server, other, first.refresh_token!), 400, 'not the owner');
    assert.equal((await introspect(ctx.server, first.access_token)).active, true);
    assert.equal(await revoke(ctx.server, app, first.refresh_token!), 200);
    assert.equal((await introspect(ctx.server, first.access_token)).active, false);
    assert.equal((await introspect(ctx.server, first.refresh_token!)).active, false);
    assert.equal((await refreshRaw(ctx.server, app, first.refresh_token!)).body.error, 'invalid_grant');
  });

  it('a replayed code revokes the refresh token it issued (RFC 6749 §4.1.2)', async () => {
    const { tokens, code, verifier } = await codeFlow(ctx.server, ctx.as, app, 'offline_access');
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT }).toString();
    const replay = await request('POST', `${ctx.server.publicUrl}/oauth2/token`, body, basic(app.id, app.secret));
    assert.equal(replay.body.error, 'invalid_grant');
    assert.equal((await introspect(ctx.server, tokens.refresh_token!)).active, false);
    assert.equal((await refreshRaw(ctx.server, app, tokens.refresh_token!)).body.error, 'invalid_grant');
  });

  it('refuses an expired refresh token (clock injected)', async () => {
    const client = { id: 'short-lived', secret: 'short-secret' };
    const first = await codeFlowTokens(ctx.server, ctx.as, client, 'offline_access');
    ctx.clock.offsetMs = 2 * HOUR;
    try {
      assert.equal((await introspect(ctx.server, first.refresh_token!)).active, false);
      const expired = await refreshRaw(ctx.server, client, first.refresh_token!);
      assert.equal(expired.status, 400);
      assert.equal(expired.body.error, 'invalid_grant');
      assert.match(expired.body.error_hint, /expired/);
    } finally {
      ctx.clock.offsetMs = 0;
    }
  });

  it('answers concurrent refreshes with one token with one success and invalid_grant, never a 500', async () => {
    for (let round = 0; round < 5; round++) {
      const first = await codeFlowTokens(ctx.server, ctx.as, app, 'offline_access');
      const results = await Promise.all(Array.from({ length: 4 }, () => refreshRaw(ctx.server, app, first.refresh_token!)));
      const statuses = results.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 200).length, 1, JSON.stringify(results.map((r) => r.body)));
      for (const r of results.filter((r) => r.status !== 200)) {
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.error, 'invalid_grant');
      }
    }
  });
});

describeOnEachDatabase('refresh token rotation grace period', { env: { ...env, OAUTH2_GRANT_REFRESH_TOKEN_ROTATION_GRACE_PERIOD: '1m', OAUTH2_GRANT_REFRESH_TOKEN_ROTATION_GRACE_REUSE_COUNT: '2' } }, (ctx) => {
  before(async () => {
    await createClient(ctx.server, registration(app));
  });

  it('lets a just-rotated token be used once more for a parallel refresh, then detects reuse', async () => {
    const first = await codeFlowTokens(ctx.server, ctx.as, app, 'offline_access');
    const a = await refreshRaw(ctx.server, app, first.refresh_token!);
    const b = await refreshRaw(ctx.server, app, first.refresh_token!);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.equal((await introspect(ctx.server, a.body.access_token)).active, true, 'both parallel winners keep working tokens');
    assert.equal((await introspect(ctx.server, b.body.access_token)).active, true);
    const third = await refreshRaw(ctx.server, app, first.refresh_token!);
    assert.equal(third.body.error, 'invalid_grant', 'rotation_grace_reuse_count is 2');
    assert.equal((await introspect(ctx.server, b.body.refresh_token)).active, false, 'the chain is revoked');
  });

  it('never lets the grace period revive a revoked grant', async () => {
    const first = await codeFlowTokens(ctx.server, ctx.as, app, 'offline_access');
    const second = await refreshRaw(ctx.server, app, first.refresh_token!);
    assert.equal(second.status, 200);
    assert.equal(await revoke(ctx.server, app, second.body.refresh_token), 200);
    const revived = await refreshRaw(ctx.server, app, first.refresh_token!);
    assert.equal(revived.status, 400);
    assert.equal(revived.body.error, 'invalid_grant');
  });

  it('detects reuse once the grace period is over', async () => {
    const first = await codeFlowTokens(ctx.server, ctx.as, app, 'offline_access');
    assert.equal((await refreshRaw(ctx.server, app, first.refresh_token!)).status, 200);
    ctx.clock.offsetMs = 2 * 60_000;
    try {
      const late = await refreshRaw(ctx.server, app, first.refresh_token!);
      assert.equal(late.body.error, 'invalid_grant');
      assert.match(late.body.error_hint, /re-use was detected/);
    } finally {
      ctx.clock.offsetMs = 0;
    }
  });

  it('lets concurrent refreshes within the grace period both succeed, never a 500', async () => {
    const first = await codeFlowTokens(ctx.server, ctx.as, app, 'offline_access');
    const results = await Promise.all([refreshRaw(ctx.server, app, first.refresh_token!), refreshRaw(ctx.server, app, first.refresh_token!)]);
    assert.deepEqual(results.map((r) => r.status), [200, 200], JSON.stringify(results.map((r) => r.body)));
  });
});
