/**
 * Claim shaping of JWT access tokens over real HTTP, on each database: the consent's
 * `session.access_token` claims placed per oauth2.allowed_top_level_claims,
 * mirror_top_level_claims, preserve_ext_claims and exclude_not_before_claim (Hydra
 * oauth2/session.go GetJWTClaims and its session_custom_claims_test.go cases), for the
 * authorization code, refresh and client credentials grants, while introspection keeps showing
 * every claim under `ext` whatever the settings (Hydra's introspection reads the stored session).
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { request } from '../support/http.js';
import { describeOnEachDatabase, type DatabaseContext } from '../support/on-each-database.js';
import { createClient } from '../flow/support.js';
import { REDIRECT, basic, codeFlowTokens, introspect, refreshRaw } from '../flow/offline-grant.js';

const web = { id: 'web', secret: 'web-secret' };
const BASE = { STRATEGIES_ACCESS_TOKEN: 'jwt', URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent' };
/** What the consent app puts in `session.access_token`, reserved names included. */
const EXT = { team: 'blue', role: 'admin', sub: 'mallory', client_id: 'someone-else', scope: 'admin', nested: { level: 3 } };
/** Reserved names asked for too: they must never override the token's own claims. */
const ALLOWED = 'team,role,sub,client_id,scope,missing';

interface Issued {
  code: JWTPayload;
  refreshed: JWTPayload;
  service: JWTPayload;
  introspected: any[];
}

async function issue(ctx: DatabaseContext, env: Record<string, string>): Promise<Issued> {
  await ctx.restart({ env: { ...BASE, ...env } });
  const jwks = createRemoteJWKSet(new URL(ctx.as.jwks_uri!));
  const verified = async (token: string) => {
    assert.equal(decodeProtectedHeader(token).kid !== undefined, true);
    return (await jwtVerify(token, jwks, { issuer: ctx.as.issuer })).payload;
  };
  const tokens = await codeFlowTokens(ctx.server, ctx.as, web, 'openid offline read', { access_token: EXT, id_token: { email: 'foo@bar.com' } });
  // Before the refresh, which revokes this access token.
  const codeIntrospected = await introspect(ctx.server, tokens.access_token);
  const refreshed = await refreshRaw(ctx.server, web, tokens.refresh_token!);
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  const service = await request('POST', `${ctx.server.publicUrl}/oauth2/token`, 'grant_type=client_credentials&scope=read', basic('service', 'service-secret'));
  assert.equal(service.status, 200, JSON.stringify(service.body));
  return {
    code: await verified(tokens.access_token),
    refreshed: await verified(refreshed.body.access_token),
    service: await verified(service.body.access_token),
    introspected: [codeIntrospected, await introspect(ctx.server, refreshed.body.access_token), await introspect(ctx.server, service.body.access_token)],
  };
}

/** The token's own claims, which no custom claim may change. */
function assertOwnClaims(payload: JWTPayload, subject: string, client: string): void {
  assert.equal(payload.sub, subject);
  assert.equal(payload.client_id, client);
  assert.equal(payload.iss !== undefined, true);
  assert.equal('scope' in payload, false, 'scope is reserved, and scope_claim list writes only scp');
}

/** Introspection shows the stored claims in full, and nbf, whatever the JWT shaping says. */
function assertIntrospection(issued: Issued): void {
  const [code, refreshed, service] = issued.introspected;
  for (const active of [code, refreshed, service]) {
    assert.equal(active.active, true);
    assert.equal(typeof active.nbf, 'number');
  }
  assert.deepEqual(code.ext, EXT);
  assert.deepEqual(refreshed.ext, EXT, 'refresh keeps the consent claims');
  assert.equal(code.sub, 'foo@bar.com');
  assert.equal('ext' in service, false, 'no custom claims: Hydra leaves ext out of introspection (omitempty)');
}

describeOnEachDatabase('JWT access token claim shaping', { env: BASE }, (ctx) => {
  before(async () => {
    await createClient(ctx.server, { client_id: 'service', client_secret: 'service-secret', grant_types: ['client_credentials'], scope: 'read' });
    await createClient(ctx.server, {
      client_id: web.id, client_secret: web.secret, grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'], scope: 'openid offline read', redirect_uris: [REDIRECT],
    });
  });

  it("defaults: every custom claim under ext only ({} when none), nbf present, as Hydra's tokens", async () => {
    const issued = await issue(ctx, {});
    for (const payload of [issued.code, issued.refreshed]) {
      assert.deepEqual(payload.ext, EXT);
      assert.equal('team' in payload, false);
      assert.equal(payload.nbf, payload.iat);
      assertOwnClaims(payload, 'foo@bar.com', web.id);
    }
    assert.deepEqual(issued.service.ext, {}, 'mirror_top_level_claims on: ext even without custom claims');
    assert.equal(issued.service.nbf, issued.service.iat);
    assertOwnClaims(issued.service, 'service', 'service');
    assertIntrospection(issued);
  });

  it('allowed_top_level_claims with mirroring: allowed claims on top and all of them still under ext; exclude_not_before_claim drops nbf', async () => {
    const issued = await issue(ctx, { OAUTH2_ALLOWED_TOP_LEVEL_CLAIMS: ALLOWED, OAUTH2_EXCLUDE_NOT_BEFORE_CLAIM: 'true' });
    for (const payload of [issued.code, issued.refreshed]) {
      assert.equal(payload.team, 'blue');
      assert.equal(payload.role, 'admin');
      assert.equal('nested' in payload, false, 'not allowed: not on top');
      assert.equal('missing' in payload, false, 'allowed but absent: not invented');
      assert.deepEqual(payload.ext, EXT);
      assert.equal('nbf' in payload, false);
      assertOwnClaims(payload, 'foo@bar.com', web.id);
    }
    assert.deepEqual(issued.service.ext, {});
    assert.equal('nbf' in issued.service, false);
    assertOwnClaims(issued.service, 'service', 'service');
    assertIntrospection(issued);
  });

  it('mirroring off, preserve_ext_claims off: only the allowed claims remain, no ext', async () => {
    const issued = await issue(ctx, { OAUTH2_ALLOWED_TOP_LEVEL_CLAIMS: ALLOWED, OAUTH2_MIRROR_TOP_LEVEL_CLAIMS: 'false' });
    for (const payload of [issued.code, issued.refreshed]) {
      assert.equal(payload.team, 'blue');
      assert.equal(payload.role, 'admin');
      assert.equal('ext' in payload, false);
      assert.equal('nested' in payload, false);
      assert.equal(payload.nbf, payload.iat);
      assertOwnClaims(payload, 'foo@bar.com', web.id);
    }
    assert.equal('ext' in issued.service, false);
    assertIntrospection(issued);
  });

  it('mirroring off, preserve_ext_claims on: what was not promoted stays under ext, and nothing under ext when nothing is left', async () => {
    const issued = await issue(ctx, { OAUTH2_ALLOWED_TOP_LEVEL_CLAIMS: ALLOWED, OAUTH2_MIRROR_TOP_LEVEL_CLAIMS: 'false', OAUTH2_PRESERVE_EXT_CLAIMS: 'true' });
    for (const payload of [issued.code, issued.refreshed]) {
      assert.equal(payload.team, 'blue');
      assert.equal(payload.role, 'admin');
      // Reserved names are never promoted, so they stay under ext with the claims not allowed.
      assert.deepEqual(payload.ext, { sub: 'mallory', client_id: 'someone-else', scope: 'admin', nested: { level: 3 } });
      assertOwnClaims(payload, 'foo@bar.com', web.id);
    }
    assert.equal('ext' in issued.service, false, 'no custom claims: no ext');
    assertIntrospection(issued);
  });

  it('combines with the rfc9068 profile: the profile shapes typ, aud and scope, the settings the custom claims', async () => {
    const issued = await issue(ctx, {
      STRATEGIES_JWT_ACCESS_TOKEN_PROFILE: 'rfc9068', OAUTH2_ALLOWED_TOP_LEVEL_CLAIMS: ALLOWED,
      OAUTH2_MIRROR_TOP_LEVEL_CLAIMS: 'false', OAUTH2_EXCLUDE_NOT_BEFORE_CLAIM: 'true',
    });
    for (const payload of [issued.code, issued.refreshed]) {
      assert.equal(payload.team, 'blue');
      assert.equal(payload.scope, 'openid offline read', 'the granted scopes, not the custom claim named scope');
      assert.equal(payload.sub, 'foo@bar.com');
      assert.equal(payload.client_id, web.id);
      assert.equal('ext' in payload, false);
      assert.equal('nbf' in payload, false);
    }
    assert.equal(issued.service.scope, 'read');
    assertIntrospection(issued);
  });
});
