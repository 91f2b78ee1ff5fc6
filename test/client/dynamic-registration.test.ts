/**
 * Dynamic client registration (OpenID Connect Dynamic Client Registration 1.0, RFC 7591, RFC 7592)
 * at /oauth2/register on the public listener, over real HTTP and through the official SDK's OidcApi
 * (@ory/hydra-client), on each database: off by default (404), and when enabled: registration with
 * a server-chosen id and secret and a registration access token, read / update / delete with that
 * token only, the fields a registrant may not set, the default scope, a client_credentials token
 * for the registered client (oauth4webapi), and discovery's registration_endpoint.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { Configuration, OidcApi } from '@ory/hydra-client';
import { createClient } from '../support/create-client.js';
import { insecure } from '../support/discover.js';
import { request } from '../support/http.js';
import { describeOnEachDatabase, type DatabaseContext } from '../support/on-each-database.js';
import { sdkStatus } from '../support/sdk.js';

const register = (ctx: DatabaseContext, body: unknown, headers: Record<string, string> = {}) =>
  request('POST', `${ctx.server.publicUrl}/oauth2/register`, body, headers);
const manage = (ctx: DatabaseContext, method: string, id: string, token: string | undefined, body?: unknown) =>
  request(
    method,
    `${ctx.server.publicUrl}/oauth2/register/${encodeURIComponent(id)}`,
    body,
    token === undefined ? {} : { authorization: `Bearer ${token}` },
  );
const oidcApi = (ctx: DatabaseContext, accessToken?: string) =>
  new OidcApi(new Configuration({ basePath: ctx.server.publicUrl, accessToken }));

async function clientCredentials(ctx: DatabaseContext, id: string, secret: string): Promise<oauth.TokenEndpointResponse> {
  const response = await oauth.clientCredentialsGrantRequest(
    ctx.as,
    { client_id: id },
    oauth.ClientSecretBasic(secret),
    new URLSearchParams(),
    insecure,
  );
  return oauth.processClientCredentialsResponse(ctx.as, { client_id: id }, response);
}

function assertRefused(response: { status: number; body: any }, status: number, error: string, hint?: RegExp): void {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal(response.body.error, error);
  assert.equal(response.body.status_code, status);
  if (hint) assert.match(response.body.error_description, hint);
}

describeOnEachDatabase('dynamic client registration, disabled (the default)', {}, (ctx) => {
  it("answers 404 in Hydra's shape on every registration route, and discovery names no registration endpoint", async () => {
    await createClient(ctx.server, { client_id: 'admin-made', client_secret: 'admin-made-secret' });
    for (const response of [
      await register(ctx, { client_name: 'x' }),
      await register(ctx, '{not json', { 'content-type': 'application/json' }),
      await manage(ctx, 'GET', 'admin-made', 'ory_at_x.y'),
      await manage(ctx, 'PUT', 'admin-made', 'ory_at_x.y', {}),
      await manage(ctx, 'DELETE', 'admin-made', 'ory_at_x.y'),
    ]) {
      assertRefused(response, 404, 'not_found', /Dynamic registration is not enabled/);
    }
    assert.equal(await sdkStatus(oidcApi(ctx).createOidcDynamicClient({ oAuth2Client: { client_name: 'x' } })), 404);
    assert.equal('registration_endpoint' in ctx.as, false);
    // The admin-made client is still there.
    assert.equal((await request('GET', `${ctx.server.adminUrl}/admin/clients/admin-made`)).status, 200);
  });
});

describeOnEachDatabase(
  'dynamic client registration, enabled',
  { env: { OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'true', OIDC_DYNAMIC_CLIENT_REGISTRATION_DEFAULT_SCOPE: 'openid,offline,api.read' } },
  (ctx) => {
    it('publishes registration_endpoint in discovery', () => {
      assert.equal(ctx.as.registration_endpoint, `${ctx.server.publicUrl}/oauth2/register`);
    });

    it('registers a client with a server-chosen id and secret, a registration access token and its URI, shown once', async () => {
      const response = await register(ctx, {
        client_id: 'chosen-id',
        client_name: 'Registrant',
        grant_types: ['client_credentials'],
        redirect_uris: ['https://rp.example.com/cb'],
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const body = response.body;
      assert.notEqual(body.client_id, 'chosen-id');
      assert.match(body.client_id, /^[0-9a-f-]{36}$/);
      assert.match(body.client_secret, /^[A-Za-z0-9._~-]{26}$/);
      assert.match(body.registration_access_token, /^ory_at_[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
      assert.equal(body.registration_client_uri, `${ctx.server.publicUrl}/oauth2/register/${body.client_id}`);
      assert.equal(response.headers.get('location'), body.registration_client_uri);
      assert.equal(body.client_name, 'Registrant');
      assert.equal(body.token_endpoint_auth_method, 'client_secret_basic');
      // oidc.dynamic_client_registration.default_scope, for a registrant that names no scope.
      assert.equal(body.scope, 'openid offline api.read');

      // The registered client authenticates at the token endpoint with its secret.
      const token = await clientCredentials(ctx, body.client_id, body.client_secret);
      assert.match(token.access_token, /^ory_at_/);
      assert.equal(token.token_type, 'bearer');

      // The admin API sees it, without the secret or the token.
      const admin = await request('GET', `${ctx.server.adminUrl}/admin/clients/${body.client_id}`);
      assert.equal(admin.status, 200);
      for (const field of ['client_secret', 'registration_access_token', 'registration_client_uri'])
        assert.equal(field in admin.body, false, field);

      // A registrant's own scope is kept (Hydra: default_scope applies only when none is given).
      const scoped = await register(ctx, { scope: 'openid custom.scope' });
      assert.equal(scoped.body.scope, 'openid custom.scope');
    });

    it('reads, updates and deletes the client with its registration access token; an update replaces the token', async () => {
      const created = (await register(ctx, { client_name: 'Before', grant_types: ['client_credentials'] })).body;
      const id = created.client_id as string;

      const read = await manage(ctx, 'GET', id, created.registration_access_token);
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.equal(read.headers.get('cache-control'), 'no-store');
      assert.equal(read.body.client_name, 'Before');
      for (const field of ['client_secret', 'registration_access_token', 'metadata']) assert.equal(field in read.body, false, field);

      const updated = await manage(ctx, 'PUT', id, created.registration_access_token, {
        client_id: 'another-id',
        client_name: 'After',
        grant_types: ['client_credentials'],
        scope: 'api.read',
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.client_id, id);
      assert.equal(updated.body.client_name, 'After');
      assert.equal(updated.body.scope, 'api.read');
      assert.equal('client_secret' in updated.body, false);
      const next = updated.body.registration_access_token as string;
      assert.match(next, /^ory_at_/);
      assert.notEqual(next, created.registration_access_token);
      assert.equal(updated.body.registration_client_uri, created.registration_client_uri);

      // The secret is unchanged; the old registration token is spent.
      assert.match((await clientCredentials(ctx, id, created.client_secret)).access_token, /^ory_at_/);
      assertRefused(await manage(ctx, 'GET', id, created.registration_access_token), 401, 'request_unauthorized');
      assert.equal((await manage(ctx, 'GET', id, next)).body.client_name, 'After');

      const deleted = await manage(ctx, 'DELETE', id, next);
      assert.equal(deleted.status, 204);
      assert.equal((await request('GET', `${ctx.server.adminUrl}/admin/clients/${id}`)).status, 404);
      assertRefused(await manage(ctx, 'GET', id, next), 401, 'request_unauthorized');
    });

    it('lets a registration access token serve one update: of two updates racing with it, one wins and the other is refused', async () => {
      const created = (await register(ctx, { grant_types: ['client_credentials'] })).body;
      const [a, b] = await Promise.all(
        ['first', 'second'].map((name) =>
          manage(ctx, 'PUT', created.client_id, created.registration_access_token, {
            client_name: name,
            grant_types: ['client_credentials'],
          }),
        ),
      );
      assert.deepEqual([a!.status, b!.status].sort(), [200, 401]);
      const winner = a!.status === 200 ? a! : b!;
      const read = await manage(ctx, 'GET', created.client_id, winner.body.registration_access_token);
      assert.equal(read.status, 200);
      assert.equal(read.body.client_name, winner.body.client_name);
    });

    it('works through the official SDK (OidcApi): create, get, set, delete', async () => {
      const created = (
        await oidcApi(ctx).createOidcDynamicClient({ oAuth2Client: { client_name: 'sdk', grant_types: ['client_credentials'] } })
      ).data;
      assert.ok(created.client_id && created.client_secret && created.registration_access_token);
      const api = oidcApi(ctx, created.registration_access_token);
      assert.equal((await api.getOidcDynamicClient({ id: created.client_id })).data.client_name, 'sdk');
      const set = (
        await api.setOidcDynamicClient({
          id: created.client_id,
          oAuth2Client: { client_name: 'sdk 2', grant_types: ['client_credentials'] },
        })
      ).data;
      assert.equal(set.client_name, 'sdk 2');
      const renewed = oidcApi(ctx, set.registration_access_token);
      assert.equal(await sdkStatus(api.getOidcDynamicClient({ id: created.client_id })), 401);
      assert.equal((await renewed.deleteOidcDynamicClient({ id: created.client_id })).status, 204);
    });

    it("refuses a missing, malformed or foreign token, and another client's token, all with Hydra's 401", async () => {
      const first = (await register(ctx, { grant_types: ['client_credentials'] })).body;
      const second = (await register(ctx, { grant_types: ['client_credentials'] })).body;
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const body = method === 'PUT' ? { client_name: 'hijacked' } : undefined;
        for (const token of [
          undefined,
          '',
          'incorrect',
          second.registration_access_token,
          second.client_secret,
          `${first.registration_access_token}x`,
        ]) {
          const response = await manage(ctx, method, first.client_id, token, body);
          assertRefused(response, 401, 'request_unauthorized', /does not exist or you provided incorrect credentials/);
          assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer/);
        }
        // Basic credentials of the client are not its registration token either.
        const basic = await request(method, `${ctx.server.publicUrl}/oauth2/register/${first.client_id}`, body, {
          authorization: `Basic ${Buffer.from(`${first.client_id}:${first.client_secret}`).toString('base64')}`,
        });
        assert.equal(basic.status, 401);
        // An unknown client answers the same.
        assertRefused(await manage(ctx, method, 'no-such-client', first.registration_access_token, body), 401, 'request_unauthorized');
      }
      // Nothing changed: the first client is still there, unchanged, with a working token.
      const read = await manage(ctx, 'GET', first.client_id, first.registration_access_token);
      assert.equal(read.status, 200);
      assert.equal(read.body.client_name, '');
      // A client created through the admin API has no registration access token.
      await createClient(ctx.server, { client_id: 'admin-client', client_secret: 'admin-client-secret' });
      assertRefused(await manage(ctx, 'GET', 'admin-client', first.registration_access_token), 401, 'request_unauthorized');
    });

    it('refuses the fields a registrant may not set, as Hydra does, and stores nothing', async () => {
      const before = (await request('GET', `${ctx.server.adminUrl}/admin/clients`)).body.length;
      assertRefused(
        await register(ctx, { client_secret: 'my-own-secret' }),
        400,
        'invalid_request',
        /not allowed to choose your own OAuth2 Client secret/,
      );
      assertRefused(await register(ctx, { metadata: { tier: 'gold' } }), 400, 'invalid_client_metadata', /"metadata" cannot be set/);
      assertRefused(await register(ctx, { access_token_strategy: 'jwt' }), 400, 'invalid_request', /access token strategy/);
      assertRefused(await register(ctx, { skip_consent: true }), 400, 'invalid_request', /"skip_consent" cannot be set/);
      assertRefused(await register(ctx, { skip_logout_consent: true }), 400, 'invalid_request', /"skip_logout_consent" cannot be set/);
      // Tessera's addition: lifespans are the operator's (a registrant could make its tokens immortal).
      assertRefused(
        await register(ctx, { refresh_token_grant_refresh_token_lifespan: '-1ns' }),
        400,
        'invalid_client_metadata',
        /"refresh_token_grant_refresh_token_lifespan" cannot be set/,
      );
      // RFC 7591 §3.2.2 codes for the metadata rules every client obeys.
      assertRefused(await register(ctx, { redirect_uris: ['https://rp.example.com/cb#fragment'] }), 400, 'invalid_redirect_uri');
      assertRefused(await register(ctx, { token_endpoint_auth_method: 'private_key_jwt' }), 400, 'invalid_client_metadata');
      assertRefused(await register(ctx, '[]', { 'content-type': 'application/json' }), 400, 'invalid_request');
      assert.equal((await request('GET', `${ctx.server.adminUrl}/admin/clients`)).body.length, before);

      // On update: the secret is 403 as in Hydra; the operator's fields keep their values.
      const created = (await register(ctx, { grant_types: ['client_credentials'] })).body;
      assertRefused(
        await manage(ctx, 'PUT', created.client_id, created.registration_access_token, { client_secret: 'my-own-secret' }),
        403,
        'request_forbidden',
        /not allowed to choose your own/,
      );
      assertRefused(
        await manage(ctx, 'PUT', created.client_id, created.registration_access_token, { skip_consent: true }),
        400,
        'invalid_request',
      );
      assertRefused(
        await manage(ctx, 'PUT', created.client_id, created.registration_access_token, { metadata: {} }),
        400,
        'invalid_client_metadata',
      );
      // A refused update spends no token.
      const operator = await request('PATCH', `${ctx.server.adminUrl}/admin/clients/${created.client_id}`, [
        { op: 'replace', path: '/metadata', value: { tier: 'gold' } },
        { op: 'replace', path: '/skip_consent', value: true },
      ]);
      assert.equal(operator.status, 200, JSON.stringify(operator.body));
      const lifespans = await request('PUT', `${ctx.server.adminUrl}/admin/clients/${created.client_id}/lifespans`, { client_credentials_grant_access_token_lifespan: '5m' });
      assert.equal(lifespans.status, 200, JSON.stringify(lifespans.body));
      const updated = await manage(ctx, 'PUT', created.client_id, created.registration_access_token, {
        client_name: 'renamed',
        grant_types: ['client_credentials'],
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      const admin = (await request('GET', `${ctx.server.adminUrl}/admin/clients/${created.client_id}`)).body;
      assert.equal(admin.client_name, 'renamed');
      assert.deepEqual(admin.metadata, { tier: 'gold' });
      assert.equal(admin.skip_consent, true);
      assert.equal(admin.client_credentials_grant_access_token_lifespan, '5m0s', "the operator's lifespan survives the registrant's update");
    });

    it('registers a client_secret_jwt client whose generated secret keys its assertions, before and after an update', async () => {
      const response = await register(ctx, { grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_jwt' });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      const { client_id, client_secret, registration_access_token } = response.body;
      assert.equal(client_secret.length, 64, 'long enough to key HS512 (RFC 7518 §3.2)');
      const viaJwt = async () => {
        const res = await oauth.clientCredentialsGrantRequest(ctx.as, { client_id }, oauth.ClientSecretJwt(client_secret), new URLSearchParams(), insecure);
        return oauth.processClientCredentialsResponse(ctx.as, { client_id }, res);
      };
      assert.match((await viaJwt()).access_token, /^ory_at_/);
      // A registrant's update keeps the secret, and with it the sealed copy the assertions need.
      const updated = await manage(ctx, 'PUT', client_id, registration_access_token, {
        client_name: 'renamed',
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_jwt',
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.client_secret, undefined, 'the secret is not shown again');
      assert.match((await viaJwt()).access_token, /^ory_at_/);
      // Switching to client_secret_basic clears the sealed copy: only the hash remains.
      const basic = await manage(ctx, 'PUT', client_id, updated.body.registration_access_token, {
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_basic',
      });
      assert.equal(basic.status, 200, JSON.stringify(basic.body));
      const sealed = await ctx.server.registry.database.db.selectFrom('hydra_client_sealed_secret').select('client_id').where('client_id', '=', client_id).execute();
      assert.deepEqual(sealed, []);
      assert.match((await clientCredentials(ctx, client_id, client_secret)).access_token, /^ory_at_/);
    });

    it('gives a public client (token_endpoint_auth_method none) no secret, and one when it switches to a secret method', async () => {
      const created = await register(ctx, {
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        redirect_uris: ['https://rp.example.com/cb'],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal('client_secret' in created.body, false);
      const switched = await manage(ctx, 'PUT', created.body.client_id, created.body.registration_access_token, {
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
      });
      assert.equal(switched.status, 200, JSON.stringify(switched.body));
      assert.match(switched.body.client_secret, /^[A-Za-z0-9._~-]{26}$/);
      assert.match((await clientCredentials(ctx, created.body.client_id, switched.body.client_secret)).access_token, /^ory_at_/);
    });
  },
);

describeOnEachDatabase(
  'dynamic client registration behind the public CORS settings',
  {
    env: {
      OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'true',
      SERVE_PUBLIC_CORS_ENABLED: 'true',
      SERVE_PUBLIC_CORS_ALLOWED_ORIGINS: 'https://portal.example.com',
      WEBFINGER_OIDC_DISCOVERY_CLIENT_REGISTRATION_URL: 'https://register.example.com/clients',
    },
  },
  (ctx) => {
    it("answers CORS by the listener's list only, as Hydra (no per-client origins here)", async () => {
      const allowed = await register(ctx, { allowed_cors_origins: ['https://rp.example.com'] }, { origin: 'https://portal.example.com' });
      assert.equal(allowed.status, 201);
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://portal.example.com');
      const fromClientOrigin = await manage(ctx, 'GET', allowed.body.client_id, allowed.body.registration_access_token);
      assert.equal(fromClientOrigin.status, 200);
      const other = await request('GET', `${ctx.server.publicUrl}/oauth2/register/${allowed.body.client_id}`, undefined, {
        authorization: `Bearer ${allowed.body.registration_access_token}`,
        origin: 'https://rp.example.com',
      });
      assert.equal(other.status, 200);
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    });

    it('publishes webfinger.oidc_discovery.client_registration_url as registration_endpoint', () => {
      assert.equal(ctx.as.registration_endpoint, 'https://register.example.com/clients');
    });
  },
);
