/**
 * CORS on both listeners over real HTTP, with Hydra's semantics (rs/cors under Ory's config, and
 * x/oauth2cors for the per-client origins of the public token, revocation, discovery, JWKS and
 * userinfo endpoints): preflights, simple requests, wildcard subdomains, credentials, max-age,
 * no Access-Control-* header for a disallowed origin, and CORS off by default.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { request } from '../support/http.js';
import { createClient } from '../flow/support.js';
import { REDIRECT, codeFlowTokens, type FlowClient } from '../flow/offline-grant.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function preflight(url: string, origin: string, method = 'POST', headers = 'authorization,content-type') {
  return request('OPTIONS', url, undefined, {
    origin,
    'access-control-request-method': method,
    ...(headers ? { 'access-control-request-headers': headers } : {}),
  });
}

function assertNoCors(headers: Headers): void {
  for (const name of ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods', 'access-control-expose-headers']) {
    assert.equal(headers.get(name), null, `${name} must be absent`);
  }
}

describe('CORS off by default', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server?.close());

  it('adds no CORS header on either listener, and answers a preflight on the token endpoint with an empty 200', async () => {
    const discovery = await request('GET', `${server.publicUrl}/.well-known/openid-configuration`, undefined, { origin: 'https://app.example.com' });
    assert.equal(discovery.status, 200);
    assertNoCors(discovery.headers);
    assert.equal(discovery.headers.get('vary'), null);
    const token = await preflight(`${server.publicUrl}/oauth2/token`, 'https://app.example.com');
    assert.equal(token.status, 200);
    assertNoCors(token.headers);
    const admin = await request('GET', `${server.adminUrl}/admin/clients`, undefined, { origin: 'https://app.example.com' });
    assert.equal(admin.status, 200);
    assertNoCors(admin.headers);
  });
});

const serverOptions = {
  env: {
    URLS_LOGIN: 'http://login.test/login',
    URLS_CONSENT: 'http://login.test/consent',
    SERVE_PUBLIC_CORS_ENABLED: 'true',
    SERVE_PUBLIC_CORS_ALLOWED_ORIGINS: 'https://app.example.com,https://*.spa.example.com,https://*foo.com',
    SERVE_PUBLIC_CORS_MAX_AGE: '600',
    SERVE_ADMIN_CORS_ENABLED: 'true',
    SERVE_ADMIN_CORS_ALLOWED_ORIGINS: 'https://console.example.com',
    SERVE_ADMIN_CORS_ALLOW_CREDENTIALS: 'false',
    SERVE_ADMIN_CORS_ALLOWED_METHODS: 'GET,POST',
  },
};

describeOnEachDatabase('CORS', serverOptions, (ctx) => {
  const spa: FlowClient = { id: 'spa-app', secret: 'spa-app-secret' };
  before(async () => {
    await createClient(ctx.server, {
      client_id: 'post-client', client_secret: 'post-client-secret', grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post', allowed_cors_origins: ['https://partner.example.org'],
    });
    await createClient(ctx.server, {
      client_id: 'basic-client', client_secret: 'basic-client-secret', grant_types: ['client_credentials'],
      allowed_cors_origins: ['https://*.partner.example.net'],
    });
    await createClient(ctx.server, {
      client_id: spa.id, client_secret: spa.secret, grant_types: ['authorization_code'], response_types: ['code'],
      scope: 'openid email', redirect_uris: [REDIRECT], allowed_cors_origins: ['https://spa.example.org'],
    });
  });

  it('answers a preflight from an allowed origin with 204, the request method and headers, credentials and max-age', async () => {
    const response = await preflight(`${ctx.server.publicUrl}/.well-known/openid-configuration`, 'https://app.example.com', 'GET');
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(response.headers.get('access-control-allow-methods'), 'GET');
    assert.equal(response.headers.get('access-control-allow-headers'), 'authorization,content-type');
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(response.headers.get('access-control-max-age'), '600');
    assert.equal(response.headers.get('vary'), 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
  });

  it('refuses a preflight from a disallowed origin, a disallowed header or an unknown route with no allow headers', async () => {
    const origin = await preflight(`${ctx.server.publicUrl}/health/alive`, 'https://evil.example.com', 'GET');
    assert.equal(origin.status, 204);
    assertNoCors(origin.headers);
    assert.equal(origin.headers.get('access-control-max-age'), null);
    assert.match(origin.headers.get('vary') ?? '', /^Origin, /);
    const header = await preflight(`${ctx.server.publicUrl}/health/alive`, 'https://app.example.com', 'GET', 'x-custom');
    assertNoCors(header.headers);
    const unknown = await preflight(`${ctx.server.publicUrl}/nowhere`, 'https://app.example.com', 'GET');
    assert.equal(unknown.status, 204);
    assert.equal(unknown.headers.get('access-control-allow-origin'), 'https://app.example.com');
  });

  it('allows a simple request from an allowed origin, echoing it, and adds nothing for a disallowed one', async () => {
    const allowed = await request('GET', `${ctx.server.publicUrl}/.well-known/jwks.json`, undefined, { origin: 'https://app.example.com' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(allowed.headers.get('access-control-expose-headers'), 'Cache-Control, Expires, Last-Modified, Pragma, Content-Length, Content-Language, Content-Type');
    assert.equal(allowed.headers.get('vary'), 'Origin');
    const refused = await request('GET', `${ctx.server.publicUrl}/.well-known/jwks.json`, undefined, { origin: 'https://evil.example.com' });
    assert.equal(refused.status, 200);
    assertNoCors(refused.headers);
    assert.equal(refused.headers.get('vary'), 'Origin');
    const noOrigin = await request('GET', `${ctx.server.publicUrl}/health/alive`);
    assertNoCors(noOrigin.headers);
  });

  it('matches a wildcard subdomain, and ignores an unbounded wildcard that an attacker could register', async () => {
    for (const origin of ['https://a.spa.example.com', 'https://A.Spa.Example.com']) {
      const response = await request('GET', `${ctx.server.publicUrl}/health/alive`, undefined, { origin });
      assert.equal(response.headers.get('access-control-allow-origin'), origin, origin);
    }
    for (const origin of ['https://evilspa.example.com', 'http://a.spa.example.com', 'https://evilfoo.com']) {
      const response = await request('GET', `${ctx.server.publicUrl}/health/alive`, undefined, { origin });
      assertNoCors(response.headers);
    }
  });

  it("allows the token endpoint from the origins of the client named by client_id, and not from others", async () => {
    const body = 'grant_type=client_credentials&client_id=post-client&client_secret=post-client-secret';
    const allowed = await request('POST', ctx.as.token_endpoint!, body, { ...FORM, origin: 'https://partner.example.org' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://partner.example.org');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    const other = await request('POST', ctx.as.token_endpoint!, body, { ...FORM, origin: 'https://other.example.org' });
    assert.equal(other.status, 200);
    assertNoCors(other.headers);
    // The client's origins do not open routes Hydra does not wrap (the authorization endpoint).
    const authorize = await request('GET', `${ctx.server.publicUrl}/oauth2/auth?client_id=post-client`, undefined, { origin: 'https://partner.example.org' });
    assertNoCors(authorize.headers);
  });

  it('identifies the client by its Basic credentials, also on an error response, and matches its wildcard', async () => {
    const ok = await request('POST', ctx.as.token_endpoint!, 'grant_type=client_credentials', {
      ...FORM, origin: 'https://shop.partner.example.net', authorization: basic('basic-client', 'basic-client-secret'),
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://shop.partner.example.net');
    const refused = await request('POST', ctx.as.token_endpoint!, 'grant_type=authorization_code&code=nope', {
      ...FORM, origin: 'https://shop.partner.example.net', authorization: basic('basic-client', 'basic-client-secret'),
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'unauthorized_client');
    assert.equal(refused.headers.get('access-control-allow-origin'), 'https://shop.partner.example.net');
    const deeper = await request('POST', ctx.as.token_endpoint!, 'grant_type=client_credentials', {
      ...FORM, origin: 'https://a.shop.partner.example.net', authorization: basic('basic-client', 'basic-client-secret'),
    });
    assertNoCors(deeper.headers);
  });

  it("lets a browser SPA call userinfo: any origin may preflight, the bearer token's client decides the actual request", async () => {
    const tokens = await codeFlowTokens(ctx.server, ctx.as, spa, 'openid email', { id_token: { email: 'foo@bar.com' } });
    const check = await preflight(`${ctx.server.publicUrl}/userinfo`, 'https://spa.example.org', 'GET', 'authorization');
    assert.equal(check.status, 204);
    assert.equal(check.headers.get('access-control-allow-origin'), 'https://spa.example.org');
    assert.equal(check.headers.get('access-control-allow-headers'), 'authorization');
    const bearer = { authorization: `Bearer ${tokens.access_token}` };
    const allowed = await request('GET', `${ctx.server.publicUrl}/userinfo`, undefined, { ...bearer, origin: 'https://spa.example.org' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.body.sub, 'foo@bar.com');
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://spa.example.org');
    const other = await request('GET', `${ctx.server.publicUrl}/userinfo`, undefined, { ...bearer, origin: 'https://partner.example.org' });
    assert.equal(other.status, 200);
    assertNoCors(other.headers);
    const invalid = await request('GET', `${ctx.server.publicUrl}/userinfo`, undefined, { authorization: 'Bearer ory_at_bogus.bogus', origin: 'https://spa.example.org' });
    assert.equal(invalid.status, 401);
    assertNoCors(invalid.headers);
  });

  it('applies the admin listener its own list, methods and credentials setting, before anything else', async () => {
    const check = await preflight(`${ctx.server.adminUrl}/admin/clients`, 'https://console.example.com', 'POST', 'content-type');
    assert.equal(check.status, 204);
    assert.equal(check.headers.get('access-control-allow-origin'), 'https://console.example.com');
    assert.equal(check.headers.get('access-control-allow-credentials'), null);
    const deleteCheck = await preflight(`${ctx.server.adminUrl}/admin/clients/x`, 'https://console.example.com', 'DELETE', '');
    assertNoCors(deleteCheck.headers);
    const list = await request('GET', `${ctx.server.adminUrl}/clients`, undefined, { origin: 'https://console.example.com' });
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('access-control-allow-origin'), 'https://console.example.com');
    assert.equal(list.headers.get('access-control-allow-credentials'), null);
    const publicOrigin = await request('GET', `${ctx.server.adminUrl}/admin/clients`, undefined, { origin: 'https://app.example.com' });
    assertNoCors(publicOrigin.headers);
  });
});
