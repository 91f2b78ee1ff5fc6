/**
 * The discovery document (OpenID Connect Discovery 1.0 §3, RFC 8414 §2) as a relying party and
 * Hydra's own SDK read it: the live document is checked against Hydra's `oidcConfiguration`
 * schema (hydra-oidc-configuration-schema.ts), and its values against what Tessera does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { startTestServer, type TestServer } from '../support/server.js';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { hydraOidcConfigurationSchema } from './hydra-oidc-configuration-schema.js';

/**
 * Required keys that Tessera cannot publish yet, each with the feature that brings it. Closing a
 * gap makes the schema test fail until the key is taken off this list.
 */
const KNOWN_GAPS: string[] = [];

async function discovery(server: TestServer, path = '.well-known/openid-configuration'): Promise<Record<string, any>> {
  const response = await request('GET', `${server.publicUrl}/${path}`);
  assert.equal(response.status, 200);
  return response.body;
}

describe('discovery document', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  it("satisfies Hydra's oidcConfiguration schema, but for the known gaps", async () => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile(hydraOidcConfigurationSchema);
    validate(await discovery(server));
    const errors = validate.errors ?? [];
    const missing = errors.filter((e) => e.keyword === 'required').map((e) => e.params.missingProperty as string);
    const wrong = errors.filter((e) => e.keyword !== 'required').map((e) => `${e.instancePath} ${e.message}`);
    assert.deepEqual(wrong, [], 'every published key has the type Hydra declares');
    assert.deepEqual(missing.sort(), [...KNOWN_GAPS].sort(), 'exactly the known gaps are missing');
  });

  it('publishes the scopes and claims Hydra always publishes', async () => {
    const doc = await discovery(server);
    assert.deepEqual(doc.scopes_supported, ['offline_access', 'offline', 'openid']);
    assert.deepEqual(doc.claims_supported, ['sub']);
  });

  it('names the algorithm of the ID token keys it publishes, for ID tokens and signed userinfo', async () => {
    const doc = await discovery(server);
    const jwks = (await request('GET', doc.jwks_uri)).body as { keys: Array<{ alg: string }> };
    const algs = [...new Set(jwks.keys.map((key) => key.alg))];
    assert.deepEqual(algs, ['RS256']);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, algs);
    assert.deepEqual(doc.id_token_signed_response_alg, algs);
    assert.deepEqual(doc.userinfo_signed_response_alg, algs);
    assert.deepEqual(doc.userinfo_signing_alg_values_supported, ['none', ...algs]);
  });

  it('says that request objects are read, by value and from registered request_uris, and the claims parameter is not', async () => {
    const doc = await discovery(server);
    assert.equal(doc.request_parameter_supported, true);
    assert.equal(doc.request_uri_parameter_supported, true);
    assert.equal(doc.require_request_uri_registration, true);
    // Hydra publishes none, RS256 and ES256; Tessera every algorithm it verifies, and no HMAC.
    assert.deepEqual(doc.request_object_signing_alg_values_supported, ['none', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']);
    assert.equal(doc.claims_parameter_supported, false);
  });

  it('serves the same document as RFC 8414 authorization server metadata', async () => {
    assert.deepEqual(await discovery(server, '.well-known/oauth-authorization-server'), await discovery(server));
  });
});

describe('discovery with webfinger.oidc_discovery.supported_scope and supported_claims', () => {
  it("adds the configured values after Hydra's own, once each", async () => {
    const server = await startTestServer({
      env: {
        WEBFINGER_OIDC_DISCOVERY_SUPPORTED_SCOPE: 'openid,email,profile,email',
        WEBFINGER_OIDC_DISCOVERY_SUPPORTED_CLAIMS: 'sub,email,email_verified',
      },
    });
    try {
      const doc = await discovery(server);
      assert.deepEqual(doc.scopes_supported, ['offline_access', 'offline', 'openid', 'email', 'profile']);
      assert.deepEqual(doc.claims_supported, ['sub', 'email', 'email_verified']);
    } finally {
      await server.close();
    }
  });
});

describeOnEachDatabase('discovery after the ID token key changes', {}, (ctx) => {
  it('names the algorithm of the newest ID token key, as the ID tokens it signs do', async () => {
    assert.deepEqual((await discovery(ctx.server)).id_token_signing_alg_values_supported, ['RS256']);
    const created = await request('POST', `${ctx.server.adminUrl}/admin/keys/hydra.openid.id-token`, { alg: 'ES256', use: 'sig', kid: 'id-token-es256' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const doc = await discovery(ctx.server);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ['ES256']);
    assert.deepEqual(doc.id_token_signed_response_alg, ['ES256']);
    assert.deepEqual(doc.userinfo_signed_response_alg, ['ES256']);
    assert.deepEqual(doc.userinfo_signing_alg_values_supported, ['none', 'ES256']);
  });
});
