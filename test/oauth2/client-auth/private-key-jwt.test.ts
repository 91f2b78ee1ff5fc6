/**
 * private_key_jwt (OIDC Core §9, RFC 7523 §2.2) end to end through oauth4webapi as the relying
 * party, on each database: clients registered through the admin API with inline `jwks` (RS256,
 * Hydra's default algorithm) and with a `jwks_uri` served by a JWKS server on 127.0.0.1 (ES256,
 * registered as token_endpoint_auth_signing_alg) get tokens with client_credentials and revoke
 * them, authenticating with PrivateKeyJwt() at both endpoints; the key set of the jwks_uri is
 * fetched once and then served from the cache.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { createClient } from '../../support/create-client.js';
import { insecure } from '../../support/discover.js';
import { describeOnEachDatabase } from '../../support/on-each-database.js';
import { keyPair, startJwksServer, type JwksServer, type KeyPair } from './assertion-support.js';

describeOnEachDatabase('private_key_jwt with oauth4webapi', {}, (ctx) => {
  let rsa: KeyPair;
  let ec: KeyPair;
  let jwks: JwksServer;

  before(async () => {
    rsa = await keyPair('RS256', 'rsa-1');
    ec = await keyPair('ES256', 'ec-1');
    jwks = await startJwksServer([ec.jwk]);
    await createClient(ctx.server, {
      client_id: 'pkj-inline',
      grant_types: ['client_credentials'],
      scope: 'read',
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [rsa.jwk] },
    });
    await createClient(ctx.server, {
      client_id: 'pkj-remote',
      grant_types: ['client_credentials'],
      scope: 'read',
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      jwks_uri: jwks.url,
    });
  });
  after(async () => {
    await jwks?.close();
  });

  async function issueAndRevoke(clientId: string, key: KeyPair): Promise<void> {
    const client = { client_id: clientId };
    const auth = oauth.PrivateKeyJwt({ key: key.privateKey, kid: key.kid });
    const response = await oauth.clientCredentialsGrantRequest(ctx.as, client, auth, new URLSearchParams({ scope: 'read' }), insecure);
    const token = await oauth.processClientCredentialsResponse(ctx.as, client, response);
    assert.equal(token.scope, 'read');

    const introspect = async () => {
      const res = await oauth.introspectionRequest(ctx.as, client, oauth.None(), token.access_token, insecure);
      return oauth.processIntrospectionResponse(ctx.as, client, res);
    };
    const active = await introspect();
    assert.equal(active.active, true);
    assert.equal(active.client_id, clientId);

    // RFC 7009 §2.1: the revocation endpoint authenticates the client the same way.
    const revoked = await oauth.revocationRequest(ctx.as, client, oauth.PrivateKeyJwt({ key: key.privateKey, kid: key.kid }), token.access_token, insecure);
    await oauth.processRevocationResponse(revoked);
    assert.equal((await introspect()).active, false);
  }

  it('publishes private_key_jwt and its signing algorithms in discovery', () => {
    assert.ok(ctx.as.token_endpoint_auth_methods_supported?.includes('private_key_jwt'));
    assert.ok(ctx.as.token_endpoint_auth_signing_alg_values_supported?.includes('RS256'));
    assert.ok(ctx.as.token_endpoint_auth_signing_alg_values_supported?.includes('ES256'));
    assert.equal(ctx.as.token_endpoint_auth_signing_alg_values_supported?.includes('none'), false);
  });

  it('issues and revokes with keys registered inline (jwks, RS256 by default)', async () => {
    await issueAndRevoke('pkj-inline', rsa);
  });

  it('issues and revokes with keys fetched from jwks_uri (ES256), fetching the set once', async () => {
    const before = jwks.hits;
    await issueAndRevoke('pkj-remote', ec);
    await issueAndRevoke('pkj-remote', ec);
    assert.equal(jwks.hits - before, 1, 'the set is fetched once and then served from the cache');
  });
});
