import { it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, createLocalJWKSet, importJWK, jwtVerify, type JWK } from 'jose';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

const serverOptions = {
  env: { WEBFINGER_JWKS_BROADCAST_KEYS: 'custom.broadcast' },
  generateSigningKeys: true,
};

describeOnEachDatabase('public /.well-known/jwks.json', serverOptions, (ctx) => {
  const jwks = async (): Promise<{ keys: JWK[] }> => {
    const response = await request('GET', `${ctx.server.publicUrl}/.well-known/jwks.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    for (const key of response.body.keys) {
      for (const member of PRIVATE_MEMBERS) assert.equal(key[member], undefined, `${key.kid} publishes ${member}`);
      assert.notEqual(key.kty, 'oct');
    }
    return response.body;
  };
  const admin = (method: string, path: string, body?: unknown) => request(method, `${ctx.server.adminUrl}/admin/keys/${path}`, body);


  it('publishes the start-up RS256 keys of both signing sets, and nothing private', async () => {
    const idToken = (await admin('GET', 'hydra.openid.id-token')).body.keys;
    const accessToken = (await admin('GET', 'hydra.jwt.access-token')).body.keys;
    assert.equal(idToken.length, 1);
    assert.equal(accessToken.length, 1);
    for (const key of [...idToken, ...accessToken]) {
      assert.equal(key.alg, 'RS256');
      assert.equal(key.use, 'sig');
      assert.equal(Buffer.from(key.n, 'base64url').length * 8, 4096);
    }
    const published = (await jwks()).keys.map((k) => k.kid);
    assert.ok(published.includes(idToken[0].kid), 'the ID token key');
    // Hydra always adds hydra.jwt.access-token to webfinger.jwks.broadcast_keys.
    assert.ok(published.includes(accessToken[0].kid), 'the JWT access token key');
  });

  it('is not served on the admin listener, and admin keys are not served publicly', async () => {
    assert.equal((await request('GET', `${ctx.server.adminUrl}/.well-known/jwks.json`)).status, 404);
    assert.equal((await request('GET', `${ctx.server.publicUrl}/admin/keys/hydra.openid.id-token`)).status, 404);
    assert.equal((await request('GET', `${ctx.server.publicUrl}/keys/hydra.openid.id-token`)).status, 404);
  });

  it('verifies a JWT signed with the private key the admin API returned', async () => {
    const startupKid = (await admin('GET', 'hydra.openid.id-token')).body.keys[0].kid;
    for (const alg of ['ES256', 'EdDSA', 'ES512']) {
      const created = await admin('POST', 'hydra.openid.id-token', { alg, kid: `rotated-${alg}`, use: 'sig' });
      assert.equal(created.status, 201);
      const privateJwk = created.body.keys[0];
      const token = await new SignJWT({ sub: 'alice' })
        .setProtectedHeader({ alg, kid: privateJwk.kid })
        .setIssuer('http://127.0.0.1:4444/')
        .sign(await importJWK(privateJwk, alg));
      const published = await jwks();
      const position = (kid: string) => published.keys.findIndex((k) => k.kid === kid);
      assert.ok(position(privateJwk.kid) >= 0 && position(privateJwk.kid) < position(startupKid), 'newest first');
      const { payload } = await jwtVerify(token, createLocalJWKSet(published));
      assert.equal(payload.sub, 'alice');
    }
  });

  it('publishes the configured broadcast sets, never their symmetric or private members', async () => {
    // Hydra generates an RS256 key for a broadcast set that has none, at the first fetch.
    await jwks();
    const generated = (await admin('GET', 'custom.broadcast')).body.keys;
    assert.equal(generated.length, 1);
    await admin('POST', 'custom.broadcast', { alg: 'HS256', kid: 'shared-secret', use: 'sig' });
    await admin('POST', 'custom.broadcast', { alg: 'ES384', kid: 'custom-ec', use: 'enc' });
    const published = (await jwks()).keys.map((k) => k.kid);
    assert.ok(published.includes('custom-ec'));
    assert.ok(published.includes(generated[0].kid));
    assert.ok(!published.includes('shared-secret'));
    // A set that is not broadcast stays private.
    await admin('POST', 'not-broadcast', { alg: 'ES256', kid: 'hidden', use: 'sig' });
    assert.ok(!(await jwks()).keys.some((k) => k.kid === 'hidden'));
  });

  it('signs with the newest signing key and regenerates a deleted signing set', async () => {
    const keys = ctx.server.registry.keys;
    await admin('POST', 'hydra.jwt.access-token', { alg: 'ES256', kid: 'at-newest', use: 'sig' });
    const signing = await keys.signingKey('hydra.jwt.access-token');
    assert.equal(signing.kid, 'at-newest');
    assert.equal(signing.alg, 'ES256');
    // An encryption key is newer but never signs.
    await admin('POST', 'hydra.jwt.access-token', { alg: 'ES256', kid: 'at-enc', use: 'enc' });
    assert.equal((await keys.signingKey('hydra.jwt.access-token')).kid, 'at-newest');
    // Deleting the set through the admin API is seen at once by this process.
    assert.equal((await admin('DELETE', 'hydra.jwt.access-token')).status, 204);
    const regenerated = await keys.signingKey('hydra.jwt.access-token');
    assert.equal(regenerated.alg, 'RS256');
    const token = await new SignJWT({}).setProtectedHeader({ alg: regenerated.alg, kid: regenerated.kid }).sign(regenerated.key);
    await jwtVerify(token, createLocalJWKSet(await keys.publicJwks(['hydra.jwt.access-token'])));
    assert.ok((await jwks()).keys.some((k) => k.kid === regenerated.kid));
  });
});
