/**
 * strategies.jwt.access_token_profile over real HTTP, on each database. `rfc9068` tokens from
 * every grant (client credentials, authorization code, refresh, implicit) pass oauth4webapi's
 * validateJwtAccessToken, a resource server written for RFC 9068; `hydra` (the default) tokens
 * keep Hydra's shape exactly (typ JWT, `scp` list, `aud` [] when none was requested), which that
 * validator refuses. Both stay introspectable.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { startTestServer, type TestServer } from '../support/server.js';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { Browser, authorizeUrl, consent, createClient, insecure, login, sdk, startLogin } from '../flow/support.js';
import { REDIRECT, basic, codeFlowTokens, refreshRaw } from '../flow/offline-grant.js';

const API = 'https://api.example.com';
const web = { id: 'web', secret: 'web-secret' };

const ENV = { STRATEGIES_ACCESS_TOKEN: 'jwt', URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' };

interface Profiled {
  server: TestServer;
  as: oauth.AuthorizationServer;
}

async function registerClients(server: TestServer): Promise<void> {
  await createClient(server, { client_id: 'service', client_secret: 'service-secret', grant_types: ['client_credentials'], scope: 'read write', audience: [API] });
  await createClient(server, {
    client_id: web.id, client_secret: web.secret, grant_types: ['authorization_code', 'refresh_token', 'implicit'],
    response_types: ['code', 'token'], scope: 'openid offline read', redirect_uris: [REDIRECT],
  });
}

async function clientCredentials(server: TestServer, extra = ''): Promise<string> {
  const response = await request('POST', `${server.publicUrl}/oauth2/token`, `grant_type=client_credentials&scope=read${extra}`, basic('service', 'service-secret'));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.access_token;
}

/** A resource server built for RFC 9068 receiving `token` as a bearer token. */
function resourceServer(as: oauth.AuthorizationServer, token: string, audience: string): Promise<oauth.JWTAccessTokenClaims> {
  const incoming = new Request('http://127.0.0.1/resource', { headers: { authorization: `Bearer ${token}` } });
  return oauth.validateJwtAccessToken(as, incoming, audience, insecure);
}

async function implicitToken(profiled: Profiled): Promise<string> {
  const browser = new Browser();
  const api = sdk(profiled.server);
  const start = authorizeUrl(profiled.as, { client_id: web.id, response_type: 'token', redirect_uri: REDIRECT, scope: 'openid read', state: 'state-123456' });
  const location = await consent(browser, api, await login(browser, api, await startLogin(browser, start)));
  const token = new URLSearchParams(new URL(location).hash.slice(1)).get('access_token');
  assert.ok(token, location);
  return token;
}

async function introspect(server: TestServer, token: string): Promise<any> {
  const response = await request('POST', `${server.adminUrl}/admin/oauth2/introspect`, `token=${encodeURIComponent(token)}`, { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(response.status, 200);
  return response.body;
}

describeOnEachDatabase('strategies.jwt.access_token_profile rfc9068', { env: { ...ENV, STRATEGIES_JWT_ACCESS_TOKEN_PROFILE: 'rfc9068' } }, (ctx) => {
  before(() => registerClients(ctx.server));

  it('issues client credentials tokens typed at+jwt, with a scope string, addressed to the issuer when no audience was requested', async () => {
    const token = await clientCredentials(ctx.server);
    assert.equal(decodeProtectedHeader(token).typ, 'at+jwt');
    const claims = await resourceServer(ctx.as, token, ctx.as.issuer);
    assert.deepEqual(claims.aud, [ctx.as.issuer]);
    assert.equal(claims.scope, 'read');
    assert.deepEqual(claims.scp, ['read'], 'scope_claim list (the default) keeps scp beside scope');
    assert.equal(claims.client_id, 'service');
    assert.equal(claims.sub, 'service', 'RFC 9068 §2.2: no resource owner, so the client');
    await assert.rejects(resourceServer(ctx.as, token, API), /unexpected JWT "aud"/);
  });

  it('addresses a token to the requested audience only', async () => {
    const token = await clientCredentials(ctx.server, `&audience=${encodeURIComponent(API)}`);
    const claims = await resourceServer(ctx.as, token, API);
    assert.deepEqual(claims.aud, [API]);
    await assert.rejects(resourceServer(ctx.as, token, ctx.as.issuer), /unexpected JWT "aud"/);
  });

  it('issues RFC 9068 tokens from the authorization code, refresh and implicit grants', async () => {
    const tokens = await codeFlowTokens(ctx.server, ctx.as, web, 'openid offline read');
    const refreshed = await refreshRaw(ctx.server, web, tokens.refresh_token!);
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    for (const token of [tokens.access_token, refreshed.body.access_token, await implicitToken(ctx)]) {
      assert.equal(decodeProtectedHeader(token).typ, 'at+jwt');
      const claims = await resourceServer(ctx.as, token, ctx.as.issuer);
      assert.equal(claims.sub, 'foo@bar.com');
      assert.equal(claims.client_id, web.id);
      assert.match(String(claims.scope), /^openid (offline )?read$/);
    }
  });

  it('keeps the tokens introspectable', async () => {
    const token = await clientCredentials(ctx.server);
    const active = await introspect(ctx.server, token);
    assert.equal(active.active, true);
    assert.equal(active.client_id, 'service');
    assert.equal(active.scope, 'read');
    assert.deepEqual(active.aud, [ctx.as.issuer], 'introspection names the audience the token names');
  });
});

describeOnEachDatabase('strategies.jwt.access_token_profile hydra (default)', { env: ENV }, (ctx) => {
  before(() => registerClients(ctx.server));

  async function verified(token: string): Promise<JWTPayload> {
    const jwks = createRemoteJWKSet(new URL(ctx.as.jwks_uri!));
    return (await jwtVerify(token, jwks, { issuer: ctx.as.issuer })).payload;
  }

  it("keeps Hydra's shape for client credentials: typ JWT, scp list, aud [] without a requested audience", async () => {
    const token = await clientCredentials(ctx.server);
    const header = decodeProtectedHeader(token);
    assert.deepEqual(Object.keys(header).sort(), ['alg', 'kid', 'typ']);
    assert.equal(header.typ, 'JWT');
    const payload = await verified(token);
    assert.deepEqual(Object.keys(payload).sort(), ['aud', 'client_id', 'exp', 'ext', 'iat', 'iss', 'jti', 'nbf', 'scp', 'sub']);
    assert.deepEqual(payload.ext, {}, 'oauth2.mirror_top_level_claims (on by default) writes ext even when empty, as Hydra');
    assert.deepEqual(payload.aud, []);
    assert.deepEqual(payload.scp, ['read']);
    assert.equal(payload.client_id, 'service');
    assert.equal(payload.sub, 'service');
    // What a resource server built for RFC 9068 makes of it.
    await assert.rejects(resourceServer(ctx.as, token, ctx.as.issuer), /unexpected JWT "typ"/);
    const active = await introspect(ctx.server, token);
    assert.equal(active.active, true);
    assert.deepEqual(active.aud, []);
  });

  it("keeps Hydra's shape for the authorization code and refresh grants, custom claims under ext", async () => {
    const tokens = await codeFlowTokens(ctx.server, ctx.as, web, 'openid offline read', { access_token: { team: 'blue' } });
    const refreshed = await refreshRaw(ctx.server, web, tokens.refresh_token!);
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    for (const token of [tokens.access_token, refreshed.body.access_token]) {
      assert.equal(decodeProtectedHeader(token).typ, 'JWT');
      const payload = await verified(token);
      assert.deepEqual(Object.keys(payload).sort(), ['aud', 'client_id', 'exp', 'ext', 'iat', 'iss', 'jti', 'nbf', 'scp', 'sub']);
      assert.deepEqual(payload.aud, []);
      assert.deepEqual(payload.scp, ['openid', 'offline', 'read']);
      assert.deepEqual(payload.ext, { team: 'blue' });
      assert.equal(payload.sub, 'foo@bar.com');
    }
  });
});

describe('strategies.jwt.scope_claim string', () => {
  it('puts the scopes in a scope string and no scp, in either profile', async () => {
    for (const profile of ['hydra', 'rfc9068']) {
      const server = await startTestServer({ env: { STRATEGIES_ACCESS_TOKEN: 'jwt', STRATEGIES_JWT_SCOPE_CLAIM: 'string', STRATEGIES_JWT_ACCESS_TOKEN_PROFILE: profile } });
      try {
        await createClient(server, { client_id: 'service', client_secret: 'service-secret', grant_types: ['client_credentials'], scope: 'read write' });
        const response = await request('POST', `${server.publicUrl}/oauth2/token`, 'grant_type=client_credentials&scope=read write', basic('service', 'service-secret'));
        assert.equal(response.status, 200, JSON.stringify(response.body));
        const jwks = createRemoteJWKSet(new URL(`${server.publicUrl}/.well-known/jwks.json`));
        const { payload } = await jwtVerify(response.body.access_token, jwks);
        assert.equal(payload.scope, 'read write', profile);
        assert.equal('scp' in payload, false, profile);
      } finally {
        await server.close();
      }
    }
  });
});
