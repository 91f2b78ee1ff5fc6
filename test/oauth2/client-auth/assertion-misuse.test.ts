/**
 * Client assertions that must not authenticate (RFC 7523 §3, OIDC Core §9, and the advisories
 * GHSA-3p3g-vpw6-4w66 / GHSA-v3q9-2p3m-7g43 on jti replay), each refused with 401 invalid_client
 * and a hint about the assertion, never a 500, on each database: a replayed `jti`, another
 * audience, an expired or far-future `exp`, no `jti`, an unknown `kid` (the jwks_uri fetched again
 * once, then not again within the cooldown), an algorithm other than the registered one, `alg:
 * none`, HS256 keyed with the public key, `iss`/`sub` naming another client, a client_id parameter
 * naming another client, an assertion sent to a secret or public client, malformed requests, and a
 * jwks_uri on a private address once clients.http.disallow_private_ip_ranges is on. Assertions are
 * built by hand (jose) so that each carries exactly one fault.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../support/create-client.js';
import { describeOnEachDatabase } from '../../support/on-each-database.js';
import {
  JWT_BEARER,
  keyPair,
  postForm,
  sign,
  startJwksServer,
  tokenWithAssertion,
  unsecured,
  type AssertionInput,
  type JwksServer,
  type KeyPair,
} from './assertion-support.js';

describeOnEachDatabase('client assertion misuse', {}, (ctx) => {
  let rsa: KeyPair;
  let ec: KeyPair;
  let stranger: KeyPair;
  let jwks: JwksServer;

  before(async () => {
    rsa = await keyPair('RS256', 'rsa-1');
    ec = await keyPair('ES256', 'ec-1');
    stranger = await keyPair('ES256', 'not-registered');
    jwks = await startJwksServer([ec.jwk]);
    const common = { grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt' };
    await createClient(ctx.server, { ...common, client_id: 'inline', jwks: { keys: [rsa.jwk] } });
    await createClient(ctx.server, { ...common, client_id: 'other-inline', jwks: { keys: [rsa.jwk] } });
    await createClient(ctx.server, { ...common, client_id: 'remote', jwks_uri: jwks.url, token_endpoint_auth_signing_alg: 'ES256' });
    await createClient(ctx.server, { client_id: 'basic', client_secret: 'basic-secret', grant_types: ['client_credentials'] });
    await createClient(ctx.server, { client_id: 'public', token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], redirect_uris: ['https://rp.example/cb'] });
  });
  after(async () => {
    await jwks?.close();
  });

  const serverNow = () => Date.now() + ctx.clock.offsetMs;
  const input = (clientId: string, extra: Partial<AssertionInput> = {}): AssertionInput => ({ clientId, audience: ctx.as.token_endpoint!, now: serverNow(), ...extra });
  const rs256 = (extra: Partial<AssertionInput> = {}, clientId = 'inline') => sign(input(clientId, extra), rsa.privateKey, { alg: 'RS256', kid: rsa.kid });

  async function refused(assertion: string, clientId: string | null, hint: RegExp | string, status = 401, error = 'invalid_client') {
    const response = await tokenWithAssertion(ctx.as.token_endpoint!, assertion, clientId);
    assert.equal(response.status, status, JSON.stringify(response.body));
    assert.equal(response.body.error, error);
    if (typeof hint === 'string') assert.equal(response.body.error_hint, hint);
    else assert.match(response.body.error_hint, hint);
    return response;
  }

  it('accepts a well-formed assertion, without client_id too (the client is its sub)', async () => {
    const ok = await tokenWithAssertion(ctx.as.token_endpoint!, await rs256(), null);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('refuses a replayed jti', async () => {
    const assertion = await rs256();
    const first = await tokenWithAssertion(ctx.as.token_endpoint!, assertion, 'inline');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    await refused(assertion, 'inline', "Claim 'jti' from 'client_assertion' MUST only be used once.");
    // The same jti in a freshly signed assertion is a replay too.
    const fresh = await tokenWithAssertion(ctx.as.token_endpoint!, await rs256({ claims: { jti: 'fixed-jti-1' } }), 'inline');
    assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
    await refused(await rs256({ claims: { jti: 'fixed-jti-1' } }), 'inline', "Claim 'jti' from 'client_assertion' MUST only be used once.");
  });

  it('refuses an assertion for another audience, and accepts the issuer and the token endpoint', async () => {
    await refused(await rs256({ audience: 'https://other-server.example/oauth2/token' }), 'inline', /^Claim 'audience' from 'client_assertion' must match the authorization server's token endpoint/);
    await refused(await rs256({ audience: ctx.as.revocation_endpoint! }), 'inline', /^Claim 'audience'/);
    for (const audience of [ctx.as.issuer, ctx.as.token_endpoint!, [ctx.as.token_endpoint!, 'https://elsewhere.example']]) {
      const ok = await tokenWithAssertion(ctx.as.token_endpoint!, await rs256({ claims: { aud: audience } }), 'inline');
      assert.equal(ok.status, 200, `${JSON.stringify(audience)}: ${JSON.stringify(ok.body)}`);
    }
  });

  it('refuses an expired exp, a far-future exp and a missing exp', async () => {
    const seconds = Math.floor(serverNow() / 1000);
    const claimsHint = /claims could not be validated/;
    await refused(await rs256({ claims: { exp: seconds - 5 } }), 'inline', claimsHint);
    await refused(await rs256({ omit: ['exp'] }), 'inline', claimsHint);
    await refused(await rs256({ claims: { exp: seconds + 2 * 3600 } }), 'inline', "Claim 'exp' from 'client_assertion' must not be more than 60 minutes in the future.");
    const ok = await tokenWithAssertion(ctx.as.token_endpoint!, await rs256({ claims: { exp: seconds + 3000 } }), 'inline');
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    // exp = iat + 3600 from a client clock two minutes ahead: within the 5 minutes of leeway.
    const skewed = await tokenWithAssertion(ctx.as.token_endpoint!, await rs256({ claims: { iat: seconds + 120, exp: seconds + 3720 } }), 'inline');
    assert.equal(skewed.status, 200, JSON.stringify(skewed.body));
  });

  it('refuses an assertion without jti', async () => {
    await refused(await rs256({ omit: ['jti'] }), 'inline', "Claim 'jti' from 'client_assertion' must be set but is not.");
  });

  it('refuses iss or sub naming another client, and a client_id parameter naming another client', async () => {
    await refused(await rs256({ claims: { iss: 'other-inline' } }), 'inline', "Claim 'iss' from 'client_assertion' must match the 'client_id' of the OAuth 2.0 Client.");
    await refused(await rs256({ claims: { sub: 'other-inline' } }), 'inline', "Claim 'sub' from 'client_assertion' must match the 'client_id' of the OAuth 2.0 Client.");
    // Both clients trust the same key: the assertion of one cannot authenticate the other.
    await refused(await rs256(), 'other-inline', "Claim 'iss' from 'client_assertion' must match the 'client_id' of the OAuth 2.0 Client.");
  });

  it('refuses an algorithm other than the registered one, alg none, and HS256 keyed with the public key', async () => {
    const ps256 = await sign(input('inline'), (await keyPair('PS256', 'rsa-1')).privateKey, { alg: 'PS256', kid: 'rsa-1' });
    await refused(ps256, 'inline', "The 'client_assertion' uses signing algorithm 'PS256' but the requested OAuth 2.0 Client enforces signing algorithm 'RS256'.");
    const rsOnRemote = await sign(input('remote'), rsa.privateKey, { alg: 'RS256', kid: rsa.kid });
    await refused(rsOnRemote, 'remote', "The 'client_assertion' uses signing algorithm 'RS256' but the requested OAuth 2.0 Client enforces signing algorithm 'ES256'.");
    await refused(unsecured(input('inline')), 'inline', "The 'client_assertion' uses signing algorithm 'none' but the requested OAuth 2.0 Client enforces signing algorithm 'RS256'.");
    await refused(unsecured(input('inline')), null, /signing algorithm 'none'/);
    // The classic confusion: the public key's own bytes as an HMAC key.
    for (const material of [JSON.stringify(rsa.jwk), rsa.jwk.n!]) {
      const hs = await sign(input('inline'), Buffer.from(material), { alg: 'HS256', kid: rsa.kid });
      await refused(hs, 'inline', "The 'client_assertion' uses signing algorithm 'HS256' but the requested OAuth 2.0 Client enforces signing algorithm 'RS256'.");
    }
  });

  it('tries each registered key when the header names no kid', async () => {
    const first = await keyPair('RS256', 'first');
    const second = await keyPair('RS256', 'second');
    await createClient(ctx.server, { client_id: 'two-keys', grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [first.jwk, second.jwk] } });
    const ok = await tokenWithAssertion(ctx.as.token_endpoint!, await sign(input('two-keys'), second.privateKey, { alg: 'RS256' }), 'two-keys');
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    await refused(await sign(input('two-keys'), rsa.privateKey, { alg: 'RS256' }), 'two-keys', "Unable to verify the integrity of the 'client_assertion' value.");
  });

  it('refuses a signature by a key the client did not register', async () => {
    const forged = await sign(input('inline'), (await keyPair('RS256', 'rsa-1')).privateKey, { alg: 'RS256', kid: 'rsa-1' });
    await refused(forged, 'inline', "Unable to verify the integrity of the 'client_assertion' value.");
  });

  it('fetches the jwks_uri again once for an unknown kid, not again within the cooldown, and finds a rotated key', async () => {
    const remote = () => sign(input('remote'), ec.privateKey, { alg: 'ES256', kid: ec.kid });
    const warm = await tokenWithAssertion(ctx.as.token_endpoint!, await remote(), 'remote');
    assert.equal(warm.status, 200, JSON.stringify(warm.body));
    // Past the refetch cooldown (30 s) of the last fetch, inside the cache's max age.
    ctx.clock.offsetMs += 31_000;
    const before = jwks.hits;
    const unknown = () => sign(input('remote'), stranger.privateKey, { alg: 'ES256', kid: stranger.kid });
    await refused(await unknown(), 'remote', 'The OAuth 2.0 Client has no JSON Web Key that matches the header of the client_assertion.');
    assert.equal(jwks.hits - before, 1, 'one refetch for the unknown kid');
    for (let i = 0; i < 5; i++) await refused(await unknown(), 'remote', /no JSON Web Key that matches/);
    assert.equal(jwks.hits - before, 1, 'no further fetch within the cooldown, however many unknown kids arrive');
    // The client rotates: once the cooldown has passed, its new key is found by one refetch.
    jwks.keys = [ec.jwk, stranger.jwk];
    ctx.clock.offsetMs += 31_000;
    const rotated = await tokenWithAssertion(ctx.as.token_endpoint!, await unknown(), 'remote');
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    assert.equal(jwks.hits - before, 2);
  });

  it('refuses an assertion sent by a client registered for a secret or for none', async () => {
    await refused(await rs256({}, 'basic'), 'basic', "This requested OAuth 2.0 client only supports client authentication method 'client_secret_basic', however 'client_assertion' was provided in the request.");
    await refused(await rs256({}, 'public'), 'public', "This requested OAuth 2.0 client does not support client authentication, however 'client_assertion' was provided in the request.");
  });

  it('refuses malformed assertion requests: never read as method none', async () => {
    const endpoint = ctx.as.token_endpoint!;
    const assertion = await rs256();
    const noType = await postForm(endpoint, { grant_type: 'client_credentials', client_id: 'public', client_assertion: assertion });
    assert.equal(noType.status, 400);
    assert.equal(noType.body.error, 'invalid_request');
    assert.match(noType.body.error_hint, /client_assertion_type/);
    const otherType = await postForm(endpoint, { grant_type: 'client_credentials', client_id: 'inline', client_assertion_type: 'urn:example:saml', client_assertion: assertion });
    assert.equal(otherType.status, 400);
    assert.equal(otherType.body.error_hint, "Unknown client_assertion_type 'urn:example:saml'.");
    const empty = await postForm(endpoint, { grant_type: 'client_credentials', client_id: 'inline', client_assertion_type: JWT_BEARER, client_assertion: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.body.error_hint, /client_assertion request parameter must be set/);
    await refused('not.a.jwt', 'inline', "Unable to verify the integrity of the 'client_assertion' value.");
    await refused('garbage', null, "Unable to verify the integrity of the 'client_assertion' value.");
    await refused(await rs256({ omit: ['sub'] }), null, "The claim 'sub' from the client_assertion JSON Web Token is undefined.");
    const both = await postForm(endpoint, { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: await rs256() }, {
      authorization: `Basic ${Buffer.from('basic:basic-secret').toString('base64')}`,
    });
    assert.equal(both.status, 400);
    assert.equal(both.body.error, 'invalid_request');
  });

  it('refuses at the revocation endpoint as at the token endpoint', async () => {
    const assertion = await rs256();
    const ok = await postForm(ctx.as.revocation_endpoint!, { token: 'unknown-token', client_id: 'inline', client_assertion_type: JWT_BEARER, client_assertion: assertion });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const replay = await postForm(ctx.as.revocation_endpoint!, { token: 'unknown-token', client_id: 'inline', client_assertion_type: JWT_BEARER, client_assertion: assertion });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error, 'invalid_client');
  });

  // Last: it restarts the server with the guard on.
  it('refuses a jwks_uri on a private address with clients.http.disallow_private_ip_ranges on: invalid_client, not a 500', async () => {
    await ctx.restart({ env: { CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true' } });
    const before = jwks.hits;
    const assertion = await sign(input('remote'), ec.privateKey, { alg: 'ES256', kid: ec.kid });
    const response = await refused(assertion, 'remote', "The JSON Web Key Set at the OAuth 2.0 Client's jwks_uri could not be used.");
    assert.equal(response.body.status_code, 401);
    assert.equal(jwks.hits, before, 'the guard refused before connecting');
    // Inline keys need no fetch and still work.
    const ok = await tokenWithAssertion(ctx.as.token_endpoint!, await rs256(), 'inline');
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });
});
