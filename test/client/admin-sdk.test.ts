/**
 * The client admin API driven by the official SDK (@ory/hydra-client), unmodified, as a Hydra user's
 * code would drive it: create with every field, defaults, public clients, get and list with pagination.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { OAuth2Api } from '@ory/hydra-client';
import { SecretHasher } from '../../src/crypto/secret-hasher.js';
import { sdk, storedRow } from './support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const hasher = new SecretHasher({ algorithm: 'pbkdf2', pbkdf2Iterations: 25_000, bcryptCost: 10 });
const LIFESPANS = {
  authorization_code_grant_access_token_lifespan: '1h0m0s',
  authorization_code_grant_id_token_lifespan: '2h0m0s',
  authorization_code_grant_refresh_token_lifespan: '720h0m0s',
  client_credentials_grant_access_token_lifespan: '30m0s',
  implicit_grant_access_token_lifespan: '15m0s',
  implicit_grant_id_token_lifespan: '10m0s',
  jwt_bearer_grant_access_token_lifespan: '5m0s',
  refresh_token_grant_id_token_lifespan: '1m30s',
  refresh_token_grant_access_token_lifespan: '45s',
  refresh_token_grant_refresh_token_lifespan: '-1ns',
  device_authorization_grant_id_token_lifespan: '1.5s',
  device_authorization_grant_access_token_lifespan: '500ms',
  device_authorization_grant_refresh_token_lifespan: '3h20m0s',
};

function fullClient(): Record<string, unknown> {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  return {
    client_id: 'full-client',
    client_name: 'Full Client ✓',
    client_secret: 'a-long-enough-secret',
    redirect_uris: ['https://app.example.com/cb', 'com.example.app:/oauth2redirect'],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code', 'code id_token'],
    scope: 'openid offline_access profile',
    audience: ['https://api.example.com'],
    owner: 'team-a',
    policy_uri: 'https://app.example.com/policy',
    tos_uri: 'https://app.example.com/tos',
    client_uri: 'https://app.example.com',
    logo_uri: 'https://app.example.com/logo.png',
    contacts: ['ops@example.com'],
    allowed_cors_origins: ['https://app.example.com'],
    subject_type: 'public',
    jwks: { keys: [{ ...jwk, kid: 'k1', use: 'sig', alg: 'ES256' }] },
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    request_uris: ['https://app.example.com/request.jwt'],
    request_object_signing_alg: 'ES256',
    userinfo_signed_response_alg: 'RS256',
    post_logout_redirect_uris: ['https://app.example.com/logged-out'],
    frontchannel_logout_uri: 'https://app.example.com/fc-logout',
    frontchannel_logout_session_required: true,
    backchannel_logout_uri: 'https://app.example.com/bc-logout',
    backchannel_logout_session_required: true,
    metadata: { tier: 'gold', nested: { list: [1, 2], flag: false } },
    access_token_strategy: 'jwt',
    skip_consent: true,
    skip_logout_consent: false,
    ...LIFESPANS,
  };
}

describeOnEachDatabase('client admin API through @ory/hydra-client', {}, (ctx) => {
  let api: OAuth2Api;
  before(async () => {
    api = sdk(ctx.server.adminUrl);
  });

  it('creates a client with every field and gives each back exactly, the secret once', async () => {
    const sent = fullClient();
    const created = await api.createOAuth2Client({ oAuth2Client: sent });
    assert.equal(created.status, 201);
    assert.equal(created.headers['location'], '/admin/clients/full-client');
    for (const [field, value] of Object.entries(sent)) assert.deepEqual((created.data as any)[field], value, field);
    assert.equal(created.data.client_secret_expires_at, 0);
    assert.match(created.data.created_at!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(created.data.updated_at, created.data.created_at);

    const fetched = (await api.getOAuth2Client({ id: 'full-client' })).data as Record<string, unknown>;
    const { client_secret: _secret, ...expected } = created.data as Record<string, unknown>;
    assert.deepEqual(fetched, expected);
    assert.equal('client_secret' in fetched, false);
  });

  it('applies Hydra defaults to a minimal client and stores only a slow hash of the generated secret', async () => {
    const { data } = await api.createOAuth2Client({ oAuth2Client: {} });
    assert.match(data.client_id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(data.client_secret!.length, 26);
    assert.deepEqual(
      {
        grant_types: data.grant_types,
        response_types: data.response_types,
        redirect_uris: data.redirect_uris,
        scope: data.scope,
        token_endpoint_auth_method: data.token_endpoint_auth_method,
        subject_type: data.subject_type,
        userinfo_signed_response_alg: data.userinfo_signed_response_alg,
        client_secret_expires_at: data.client_secret_expires_at,
        jwks: data.jwks,
        metadata: data.metadata,
        skip_consent: data.skip_consent,
        skip_logout_consent: data.skip_logout_consent,
        client_credentials_grant_access_token_lifespan: data.client_credentials_grant_access_token_lifespan,
      },
      {
        grant_types: [],
        response_types: [],
        redirect_uris: [],
        scope: 'offline_access offline openid',
        token_endpoint_auth_method: 'client_secret_basic',
        subject_type: 'public',
        userinfo_signed_response_alg: 'none',
        client_secret_expires_at: 0,
        jwks: {},
        metadata: {},
        skip_consent: false,
        skip_logout_consent: null,
        client_credentials_grant_access_token_lifespan: null,
      },
    );
    const row = await storedRow(ctx.database.dsn, data.client_id!);
    assert.ok(row?.secret_hash);
    assert.notEqual(row.secret_hash, data.client_secret);
    assert.equal(row.secret_hash.includes(data.client_secret!), false);
    assert.equal(row.data.includes(data.client_secret!), false);
    assert.match(row.secret_hash, /^\$pbkdf2-sha256\$i=\d+,l=32\$/);
    assert.equal(await hasher.verify(data.client_secret!, row.secret_hash), true);
  });

  it('never shows or generates a secret for a public client', async () => {
    const { data } = await api.createOAuth2Client({ oAuth2Client: { token_endpoint_auth_method: 'none' } });
    assert.equal(data.client_secret, undefined);
    assert.equal((await storedRow(ctx.database.dsn, data.client_id!))?.secret_hash, null);
  });

  it('lists with page_size and page_token from the Link header, and filters by client_name and owner', async () => {
    const ids = ['list-a', 'list-b', 'list-c', 'list-d', 'list-e'];
    for (const id of ids) {
      await api.createOAuth2Client({ oAuth2Client: { client_id: id, owner: 'lister', client_name: id === 'list-c' ? 'named' : 'other' } });
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const response = await api.listOAuth2Clients({ pageSize: 2, pageToken: token, owner: 'lister' });
      assert.equal(response.status, 200);
      assert.ok(response.data.length <= 2);
      for (const client of response.data) {
        assert.equal(client.client_secret, undefined);
        seen.push(client.client_id!);
      }
      const next = /<([^>]*)>; rel="next"/.exec(response.headers['link'] ?? '');
      assert.match(response.headers['link'] ?? '', /rel="first"/);
      token = next ? new URL(next[1]!, 'http://x').searchParams.get('page_token')! : undefined;
      pages += 1;
    } while (token);
    assert.deepEqual(seen, ids);
    assert.equal(pages, 3);

    const named = await api.listOAuth2Clients({ clientName: 'named' });
    assert.deepEqual(named.data.map((c) => c.client_id), ['list-c']);
    const none = await api.listOAuth2Clients({ owner: 'nobody' });
    assert.deepEqual(none.data, []);
  });

});
