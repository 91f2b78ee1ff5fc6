/**
 * Admin API authentication (serve.admin.auth, Tessera's answer to ory/hydra#2041) over real HTTP
 * on each database: off by default; when on, RFC 6750 challenges for a missing or bad token,
 * static tokens, access tokens this server issued (opaque and JWT) with the admin scope, 403
 * insufficient_scope without it, 401 once revoked or expired, health left open; the root client
 * of FORCE_ROOT_CLIENT_CREDENTIALS; the official SDK and the CLI sending a token.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { request } from '../support/http.js';
import { sdkStatus } from '../flow/support.js';
import { runCli } from '../cli/cli-runner.js';
import { bootstrapRootClient, parseRootCredentials } from '../../src/http/admin-auth/root-client.js';

const STATIC_TOKEN = 'static-admin-token-0123456789abcdefghij';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function clientCredentialsToken(server: TestServer, id: string, secret: string, scope?: string): Promise<string> {
  const body = `grant_type=client_credentials${scope ? `&scope=${encodeURIComponent(scope)}` : ''}`;
  const response = await request('POST', `${server.publicUrl}/oauth2/token`, body, { ...FORM, authorization: basic(id, secret) });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.access_token;
}

describe('admin auth off by default', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server?.close());

  it('serves the admin API to the SDK without any token, as Hydra does', async () => {
    const api = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
    const created = await api.createOAuth2Client({ oAuth2Client: { client_id: 'open-client', grant_types: ['client_credentials'] } });
    assert.equal(created.status, 201);
    assert.equal((await api.listOAuth2Clients()).data.length, 1);
    assert.equal(server.registry.config.serve.admin.auth.enabled, false);
  });
});

describe('FORCE_ROOT_CLIENT_CREDENTIALS parsing', () => {
  it('splits id:secret and URL-unescapes both, as Hydra v0.10; refuses anything else', () => {
    assert.deepEqual(parseRootCredentials('admin:admin-password'), { id: 'admin', secret: 'admin-password' });
    assert.deepEqual(parseRootCredentials('a%3Ab:s%3Ac+d'), { id: 'a:b', secret: 's:c d' });
    for (const bad of ['admin', 'a:b:c', ':secret', 'admin:', 'a:%zz']) assert.throws(() => parseRootCredentials(bad), /id:secret/, bad);
  });
});

for (const [index, dialect] of testDialects().entries()) {
  describe(`admin auth on ${dialect}`, () => {
    let database: TestDatabase;
    let server: TestServer;
    let offset = 0;
    let rootToken: string;
    before(async () => {
      database = await createTestDatabase(dialect);
      server = await startTestServer({
        dsn: database.dsn,
        now: () => Date.now() + offset,
        env: {
          SERVE_ADMIN_AUTH_ENABLED: 'true',
          SERVE_ADMIN_AUTH_BEARER_TOKENS: STATIC_TOKEN,
          SERVE_ADMIN_CORS_ENABLED: 'true',
          SERVE_ADMIN_CORS_ALLOWED_ORIGINS: 'https://console.example.com',
        },
      });
      assert.equal(await bootstrapRootClient(server.registry, { FORCE_ROOT_CLIENT_CREDENTIALS: 'admin:admin-password' }), 'created');
      rootToken = await clientCredentialsToken(server, 'admin', 'admin-password', 'hydra.admin');
      for (const client of [
        { client_id: 'no-admin', client_secret: 'no-admin-secret', grant_types: ['client_credentials'], scope: 'photos.read' },
        { client_id: 'jwt-admin', client_secret: 'jwt-admin-secret', grant_types: ['client_credentials'], scope: 'hydra.admin', access_token_strategy: 'jwt' },
      ]) {
        const response = await request('POST', `${server.adminUrl}/admin/clients`, client, bearer(STATIC_TOKEN));
        assert.equal(response.status, 201, JSON.stringify(response.body));
      }
    });
    after(async () => {
      await server?.close();
      await database?.drop();
    });

    it('refuses a request without a token with 401, WWW-Authenticate: Bearer and no error code (RFC 6750 §3.1)', async () => {
      for (const path of ['/admin/clients', '/clients', '/admin/keys/hydra.openid.id-token', '/admin/version', '/admin/nowhere']) {
        const response = await request('GET', `${server.adminUrl}${path}`);
        assert.equal(response.status, 401, path);
        assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="tessera-admin"', path);
        assert.equal(response.body.error, 'request_unauthorized');
        assert.equal(response.body.status_code, 401);
      }
      const introspect = await request('POST', `${server.adminUrl}/admin/oauth2/introspect`, `token=${rootToken}`, FORM);
      assert.equal(introspect.status, 401);
    });

    it('refuses a wrong, malformed or non-bearer credential with 401 invalid_token', async () => {
      for (const authorization of [`Bearer ${STATIC_TOKEN}x`, 'Bearer ory_at_forged.forged', 'Bearer a b', basic('admin', 'admin-password'), `Bearer ${'x'.repeat(5000)}`]) {
        const response = await request('GET', `${server.adminUrl}/admin/clients`, undefined, { authorization });
        assert.equal(response.status, 401, authorization.slice(0, 40));
        assert.equal(response.body.error, 'invalid_token');
        assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer realm="tessera-admin", error="invalid_token"/);
      }
    });

    it('keeps liveness and readiness open on both spellings', async () => {
      for (const path of ['/admin/health/alive', '/admin/health/ready', '/health/alive', '/health/ready']) {
        assert.equal((await request('GET', `${server.adminUrl}${path}`)).status, 200, path);
      }
    });

    it('answers a CORS preflight without a token, and lets a browser console read a 401', async () => {
      const preflight = await request('OPTIONS', `${server.adminUrl}/admin/clients`, undefined, {
        origin: 'https://console.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization',
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization');
      const refused = await request('GET', `${server.adminUrl}/admin/clients`, undefined, { origin: 'https://console.example.com' });
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get('access-control-allow-origin'), 'https://console.example.com');
      const other = await request('OPTIONS', `${server.adminUrl}/admin/clients`, undefined, { 'access-control-request-method': 'GET' });
      assert.equal(other.status, 204, 'a preflight never reaches authentication');
    });

    it('accepts a static token', async () => {
      const response = await request('GET', `${server.adminUrl}/admin/clients`, undefined, bearer(STATIC_TOKEN));
      assert.equal(response.status, 200);
      assert.ok(response.body.some((client: { client_id: string }) => client.client_id === 'admin'));
    });

    it("accepts the root client's client-credentials token with the admin scope, on v1 and v2 paths", async () => {
      assert.equal((await request('GET', `${server.adminUrl}/admin/clients/admin`, undefined, bearer(rootToken))).status, 200);
      const v1 = await request('GET', `${server.adminUrl}/clients`, undefined, { authorization: `bearer ${rootToken}` });
      assert.equal(v1.status, 200);
      const introspection = await request('POST', `${server.adminUrl}/admin/oauth2/introspect`, `token=${rootToken}`, { ...FORM, ...bearer(rootToken) });
      assert.equal(introspection.body.active, true);
      assert.equal(introspection.body.scope, 'hydra.admin');
    });

    it('accepts a JWT access token with the admin scope', async () => {
      const token = await clientCredentialsToken(server, 'jwt-admin', 'jwt-admin-secret', 'hydra.admin');
      assert.equal(token.split('.').length, 3);
      assert.equal((await request('GET', `${server.adminUrl}/admin/clients`, undefined, bearer(token))).status, 200);
    });

    it('refuses an active token without the admin scope with 403 insufficient_scope (RFC 6750 §3.1)', async () => {
      for (const token of [await clientCredentialsToken(server, 'no-admin', 'no-admin-secret', 'photos.read'), await clientCredentialsToken(server, 'admin', 'admin-password')]) {
        const response = await request('GET', `${server.adminUrl}/admin/clients`, undefined, bearer(token));
        assert.equal(response.status, 403);
        assert.equal(response.body.error, 'insufficient_scope');
        assert.equal(response.body.status_code, 403);
        assert.match(response.headers.get('www-authenticate') ?? '', /error="insufficient_scope".*scope="hydra.admin"/);
      }
    });

    it('refuses a revoked token and an expired one with 401 invalid_token', async () => {
      const revoked = await clientCredentialsToken(server, 'admin', 'admin-password', 'hydra.admin');
      assert.equal((await request('GET', `${server.adminUrl}/admin/clients`, undefined, bearer(revoked))).status, 200);
      const revocation = await request('POST', `${server.publicUrl}/oauth2/revoke`, `token=${revoked}`, { ...FORM, authorization: basic('admin', 'admin-password') });
      assert.equal(revocation.status, 200);
      const afterRevocation = await request('GET', `${server.adminUrl}/admin/clients`, undefined, bearer(revoked));
      assert.equal(afterRevocation.status, 401);
      assert.equal(afterRevocation.body.error, 'invalid_token');

      const expiring = await clientCredentialsToken(server, 'jwt-admin', 'jwt-admin-secret', 'hydra.admin');
      offset = 2 * 3_600_000;
      try {
        assert.equal((await request('GET', `${server.adminUrl}/admin/clients`, undefined, bearer(expiring))).status, 401);
        assert.equal((await request('GET', `${server.adminUrl}/admin/clients`, undefined, bearer(STATIC_TOKEN))).status, 200);
      } finally {
        offset = 0;
      }
    });

    it('bootstraps the root client idempotently and stores a changed secret', async () => {
      const registry = server.registry;
      assert.equal(await bootstrapRootClient(registry, { FORCE_ROOT_CLIENT_CREDENTIALS: 'admin:admin-password' }), 'unchanged');
      assert.equal(await bootstrapRootClient(registry, {}), undefined);
      assert.equal(await bootstrapRootClient(registry, { FORCE_ROOT_CLIENT_CREDENTIALS: 'admin:rotated-password' }), 'updated');
      const old = await request('POST', `${server.publicUrl}/oauth2/token`, 'grant_type=client_credentials', { ...FORM, authorization: basic('admin', 'admin-password') });
      assert.equal(old.status, 401);
      const token = await clientCredentialsToken(server, 'admin', 'rotated-password', 'hydra.admin');
      assert.equal((await request('GET', `${server.adminUrl}/admin/clients`, undefined, bearer(token))).status, 200);
      const client = await registry.clients.get('admin');
      assert.deepEqual(client.grant_types, ['client_credentials']);
      assert.equal(client.scope, 'hydra.admin');
      assert.equal(await bootstrapRootClient(registry, { FORCE_ROOT_CLIENT_CREDENTIALS: 'admin:admin-password' }), 'updated');
    });

    it('serves @ory/hydra-client with the token as a default header; the SDK accessToken setting alone sends none', async () => {
      const withHeader = new OAuth2Api(new Configuration({ basePath: server.adminUrl, baseOptions: { headers: { Authorization: `Bearer ${rootToken}` } } }));
      const created = await withHeader.createOAuth2Client({ oAuth2Client: { client_id: `sdk-${dialect}`, grant_types: ['client_credentials'] } });
      assert.equal(created.status, 201);
      assert.equal((await withHeader.getOAuth2Client({ id: `sdk-${dialect}` })).data.client_id, `sdk-${dialect}`);
      const withAccessToken = new OAuth2Api(new Configuration({ basePath: server.adminUrl, accessToken: rootToken }));
      assert.equal(await sdkStatus(withAccessToken.listOAuth2Clients()), 401);
      const without = new OAuth2Api(new Configuration({ basePath: server.adminUrl }));
      assert.equal(await sdkStatus(without.listOAuth2Clients()), 401);
    });

    if (index === 0) {
      it('lets the CLI send HYDRA_ADMIN_TOKEN (v2 and v1 syntax) and explains a 401 without it', async () => {
        const v2 = await runCli(['list', 'oauth2-clients', '-e', server.adminUrl, '--format', 'json'], { env: { HYDRA_ADMIN_TOKEN: STATIC_TOKEN } });
        assert.equal(v2.code, 0, v2.stderr);
        assert.match(v2.stdout, /"client_id":"admin"/);
        const v1 = await runCli(['clients', 'get', 'admin', '--endpoint', server.adminUrl], { env: { HYDRA_ADMIN_TOKEN: rootToken } });
        assert.equal(v1.code, 0, v1.stderr);
        const introspect = await runCli(['introspect', 'token', rootToken, '-e', server.adminUrl, '--format', 'json'], { env: { HYDRA_ADMIN_TOKEN: STATIC_TOKEN } });
        assert.equal(introspect.code, 0, introspect.stderr);
        assert.match(introspect.stdout, /"active":true/);
        const refused = await runCli(['list', 'oauth2-clients', '-e', server.adminUrl]);
        assert.notEqual(refused.code, 0);
        assert.match(refused.stderr, /401|authoriz/i);
      });
    }
  });
}
