/**
 * RFC 7523 §3 item 7 across instances: two Tessera servers on one database (as behind a load
 * balancer) share hydra_oauth2_jti_blacklist, so an assertion used on one is refused on the other.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../support/create-client.js';
import { describeOnEachDatabase } from '../../support/on-each-database.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { keyPair, sign, tokenWithAssertion, type KeyPair } from './assertion-support.js';

describeOnEachDatabase('client assertion jti across instances', {}, (ctx) => {
  let second: TestServer;
  let rsa: KeyPair;

  before(async () => {
    rsa = await keyPair('RS256', 'rsa-1');
    await createClient(ctx.server, { client_id: 'shared', grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [rsa.jwk] } });
    second = await startTestServer({ dsn: ctx.database.dsn });
  });
  after(async () => {
    await second?.close();
  });

  it('refuses on the second instance an assertion used on the first', async () => {
    // Both token endpoints are accepted audiences of their own server; the assertion names the first.
    const audience = ctx.as.token_endpoint!;
    const assertion = await sign({ clientId: 'shared', audience, now: Date.now(), claims: { aud: [audience, `${second.publicUrl}/oauth2/token`] } }, rsa.privateKey, { alg: 'RS256', kid: rsa.kid });
    const first = await tokenWithAssertion(`${ctx.server.publicUrl}/oauth2/token`, assertion, 'shared');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const replay = await tokenWithAssertion(`${second.publicUrl}/oauth2/token`, assertion, 'shared');
    assert.equal(replay.status, 401, JSON.stringify(replay.body));
    assert.equal(replay.body.error, 'invalid_client');
    assert.equal(replay.body.error_hint, "Claim 'jti' from 'client_assertion' MUST only be used once.");
  });
});
