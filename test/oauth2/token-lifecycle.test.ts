/**
 * What happens to a token after issuance: expiry (clock injected, not slept), JWT access tokens
 * (Hydra's claims, verified against the public JWKS; the RFC 9068 profile is jwt-access-token-profile.test.ts), secret rotation, bulk deletion per client.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) => ({ ...form, authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

async function issue(server: TestServer, id: string, secret: string, extra = ''): Promise<string> {
  const response = await request('POST', `${server.publicUrl}/oauth2/token`, `grant_type=client_credentials${extra}`, basic(id, secret));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.access_token;
}

async function introspect(server: TestServer, token: string): Promise<any> {
  return (await request('POST', `${server.adminUrl}/admin/oauth2/introspect`, `token=${encodeURIComponent(token)}`, form)).body;
}

/** The servers' clock: frozen, and moved by the tests (set anew for each database). */
let clock = Date.now();

describeOnEachDatabase('token lifecycle', { now: () => clock }, (ctx) => {
  before(async () => {
    clock = Date.now();
    for (const [id, strategy] of [['opaque-client', 'opaque'], ['jwt-client', 'jwt']] as const) {
      const created = await request('POST', `${ctx.server.adminUrl}/admin/clients`, {
        client_id: id,
        client_secret: `${id}-secret`,
        grant_types: ['client_credentials'],
        scope: 'read write',
        audience: ['https://api.example.com'],
        access_token_strategy: strategy,
        client_credentials_grant_access_token_lifespan: '30m',
      });
      assert.equal(created.status, 201);
    }
  });

  it('honours the client lifespan and turns inactive once expired', async () => {
    const token = await issue(ctx.server, 'opaque-client', 'opaque-client-secret');
    const active = await introspect(ctx.server, token);
    assert.equal(active.active, true);
    assert.equal(active.exp - active.iat, 1800);
    clock += 29 * 60 * 1000;
    assert.equal((await introspect(ctx.server, token)).active, true);
    clock += 2 * 60 * 1000;
    assert.deepEqual(await introspect(ctx.server, token), { active: false });
  });

  it('checks the scope a resource server asks about', async () => {
    const token = await issue(ctx.server, 'opaque-client', 'opaque-client-secret', '&scope=read');
    const body = (scope: string) => `token=${encodeURIComponent(token)}&scope=${scope}`;
    assert.equal((await request('POST', `${ctx.server.adminUrl}/admin/oauth2/introspect`, body('read'), form)).body.active, true);
    assert.deepEqual((await request('POST', `${ctx.server.adminUrl}/admin/oauth2/introspect`, body('write'), form)).body, { active: false });
  });

  it('issues JWT access tokens that verify against the public JWKS and stay revocable', async () => {
    const token = await issue(ctx.server, 'jwt-client', 'jwt-client-secret', '&scope=read&audience=https://api.example.com');
    const jwks = createRemoteJWKSet(new URL(`${ctx.server.publicUrl}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: ctx.server.registry.config.urls.self.issuer, currentDate: new Date(clock) });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.sub, 'jwt-client');
    assert.equal(payload.client_id, 'jwt-client');
    assert.deepEqual(payload.aud, ['https://api.example.com']);
    assert.deepEqual(payload.scp, ['read']);
    assert.ok(typeof payload.jti === 'string' && payload.exp! - payload.iat! === 1800);
    assert.equal((await introspect(ctx.server, token)).active, true);
    const revoked = await request('POST', `${ctx.server.publicUrl}/oauth2/revoke`, `token=${token}`, basic('jwt-client', 'jwt-client-secret'));
    assert.equal(revoked.status, 200);
    assert.deepEqual(await introspect(ctx.server, token), { active: false });
  });

  it('refuses to revoke another client\'s token and leaves it active', async () => {
    const token = await issue(ctx.server, 'opaque-client', 'opaque-client-secret');
    const response = await request('POST', `${ctx.server.publicUrl}/oauth2/revoke`, `token=${token}`, basic('jwt-client', 'jwt-client-secret'));
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'unauthorized_client');
    assert.equal((await introspect(ctx.server, token)).active, true);
  });

  it('deletes every access token of a client through the admin API', async () => {
    const tokens = [await issue(ctx.server, 'opaque-client', 'opaque-client-secret'), await issue(ctx.server, 'opaque-client', 'opaque-client-secret')];
    const other = await issue(ctx.server, 'jwt-client', 'jwt-client-secret');
    assert.equal((await request('DELETE', `${ctx.server.adminUrl}/admin/oauth2/tokens?client_id=opaque-client`)).status, 204);
    for (const token of tokens) assert.deepEqual(await introspect(ctx.server, token), { active: false });
    assert.equal((await introspect(ctx.server, other)).active, true);
    assert.equal((await request('DELETE', `${ctx.server.adminUrl}/admin/oauth2/tokens`)).status, 400);
  });

  it('keeps tokens valid after secrets.system is rotated', async () => {
    const token = await issue(ctx.server, 'opaque-client', 'opaque-client-secret');
    await ctx.restart({ env: { SECRETS_SYSTEM: `rotated-system-secret-0001,${TEST_SECRET}` } });
    assert.equal((await introspect(ctx.server, token)).active, true);
    const fresh = await issue(ctx.server, 'opaque-client', 'opaque-client-secret');
    assert.equal((await introspect(ctx.server, fresh)).active, true);
  });
});

describe('strategies.access_token: jwt for every client', () => {
  it('issues JWTs to clients without their own access_token_strategy', async () => {
    const server = await startTestServer({ env: { STRATEGIES_ACCESS_TOKEN: 'jwt', STRATEGIES_JWT_SCOPE_CLAIM: 'both' } });
    try {
      await request('POST', `${server.adminUrl}/admin/clients`, { client_id: 'plain', client_secret: 'plain-secret', grant_types: ['client_credentials'], scope: 'read' });
      const token = await issue(server, 'plain', 'plain-secret', '&scope=read');
      const jwks = createRemoteJWKSet(new URL(`${server.publicUrl}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(token, jwks);
      assert.deepEqual(payload.scp, ['read']);
      assert.equal(payload.scope, 'read');
      assert.equal((await introspect(server, token)).active, true);
    } finally {
      await server.close();
    }
  });
});
