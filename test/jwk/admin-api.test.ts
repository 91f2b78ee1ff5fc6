import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, JwkApi, type JsonWebKey } from '@ory/hydra-client';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';

/** What each algorithm must produce (Hydra jwk/generate.go; RFC 7518 §3.2 for HS). */
const EXPECTED: Record<string, (key: JsonWebKey) => void> = {
  RS256: (k) => rsa4096(k),
  RS512: (k) => rsa4096(k),
  ES256: (k) => ecKey(k, 'P-256', 32),
  ES384: (k) => ecKey(k, 'P-384', 48),
  ES512: (k) => ecKey(k, 'P-521', 66),
  EdDSA: (k) => {
    assert.equal(k.kty, 'OKP');
    assert.equal(k.crv, 'Ed25519');
    assert.ok(k.x && k.d);
  },
  HS256: (k) => octKey(k, 32),
  HS512: (k) => octKey(k, 64),
};

function rsa4096(k: JsonWebKey) {
  assert.equal(k.kty, 'RSA');
  assert.equal(Buffer.from(k.n!, 'base64url').length * 8, 4096);
  for (const member of ['e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const) assert.ok(k[member], member);
}

function ecKey(k: JsonWebKey, crv: string, bytes: number) {
  assert.equal(k.kty, 'EC');
  assert.equal(k.crv, crv);
  assert.equal(Buffer.from(k.x!, 'base64url').length, bytes);
  assert.ok(k.y && k.d);
}

function octKey(k: JsonWebKey, bytes: number) {
  assert.equal(k.kty, 'oct');
  assert.equal(Buffer.from(k.k!, 'base64url').length, bytes);
}

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as { response?: { status: number } }).response?.status ?? -1;
  }
}

describeOnEachDatabase('JWK admin API through @ory/hydra-client', {}, (ctx) => {
  let jwk: JwkApi;
  before(async () => {
    jwk = new JwkApi(new Configuration({ basePath: ctx.server.adminUrl }));
  });

  for (const alg of Object.keys(EXPECTED)) {
    it(`creates, reads, replaces and deletes a ${alg} key`, async () => {
      const set = `set-${alg}`;
      const created = await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg, kid: `kid-${alg}`, use: 'sig' } });
      assert.equal(created.status, 201);
      assert.equal(created.data.keys?.length, 1);
      const key = created.data.keys![0]!;
      assert.equal(key.kid, `kid-${alg}`);
      assert.equal(key.alg, alg);
      assert.equal(key.use, 'sig');
      EXPECTED[alg]!(key);

      // Hydra's admin API returns private material on reads too.
      assert.deepEqual((await jwk.getJsonWebKeySet({ set })).data, { keys: [key] });
      assert.deepEqual((await jwk.getJsonWebKey({ set, kid: key.kid })).data, { keys: [key] });

      const replaced = await jwk.setJsonWebKey({ set, kid: key.kid, jsonWebKey: { ...key, use: 'enc' } });
      assert.equal(replaced.data.use, 'enc');
      assert.equal((await jwk.getJsonWebKey({ set, kid: key.kid })).data.keys?.[0]?.use, 'enc');

      const second = (await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg, kid: '', use: 'sig' } })).data.keys![0]!;
      assert.match(second.kid, /^[0-9a-f-]{36}$/, 'a kid is generated when empty');
      const both = (await jwk.getJsonWebKeySet({ set })).data.keys!;
      assert.deepEqual(both.map((k) => k.kid), [second.kid, key.kid], 'POST adds to the set, newest first');

      const put = await jwk.setJsonWebKeySet({ set, jsonWebKeySet: { keys: [key] } });
      assert.deepEqual(put.data, { keys: [key] });
      assert.deepEqual((await jwk.getJsonWebKeySet({ set })).data, { keys: [key] }, 'PUT replaces the whole set');

      assert.equal((await jwk.deleteJsonWebKey({ set, kid: key.kid })).status, 204);
      assert.equal(await status(jwk.getJsonWebKey({ set, kid: key.kid })), 404);
      await jwk.createJsonWebKeySet({ set, createJsonWebKeySet: { alg, kid: 'again', use: 'sig' } });
      assert.equal((await jwk.deleteJsonWebKeySet({ set })).status, 204);
      assert.equal(await status(jwk.getJsonWebKeySet({ set })), 404);
    });
  }

  it('serves the v1 paths without the /admin prefix', async () => {
    const created = await request('POST', `${ctx.server.adminUrl}/keys/v1-set`, { alg: 'ES256', kid: 'v1', use: 'sig' });
    assert.equal(created.status, 201);
    assert.match(created.headers.get('location') ?? '', /\/keys\/v1-set$/);
    assert.equal((await request('GET', `${ctx.server.adminUrl}/keys/v1-set`)).body.keys[0].kid, 'v1');
    assert.equal((await request('GET', `${ctx.server.adminUrl}/keys/v1-set/v1`)).body.keys[0].kid, 'v1');
    const key = created.body.keys[0];
    assert.equal((await request('PUT', `${ctx.server.adminUrl}/keys/v1-set/v1`, key)).status, 200);
    assert.equal((await request('PUT', `${ctx.server.adminUrl}/keys/v1-set`, { keys: [key] })).status, 200);
    assert.equal((await request('DELETE', `${ctx.server.adminUrl}/keys/v1-set/v1`)).status, 204);
    assert.equal((await request('DELETE', `${ctx.server.adminUrl}/keys/v1-set`)).status, 204);
    assert.equal((await request('GET', `${ctx.server.adminUrl}/keys/v1-set`)).status, 404);
  });

  it('answers 404 in the OAuth error shape for an unknown set or kid, and 204 for deleting one', async () => {
    for (const path of ['/admin/keys/no-such-set', '/admin/keys/no-such-set/no-kid', '/admin/keys/hydra.openid.id-token/no-kid']) {
      const response = await request('GET', `${ctx.server.adminUrl}${path}`);
      assert.equal(response.status, 404, path);
      assert.equal(response.body.error, 'not_found');
      assert.equal(response.body.status_code, 404);
    }
    // Hydra deletes without checking existence: deleting is idempotent.
    assert.equal((await request('DELETE', `${ctx.server.adminUrl}/admin/keys/no-such-set`)).status, 204);
    assert.equal((await request('DELETE', `${ctx.server.adminUrl}/admin/keys/no-such-set/no-kid`)).status, 204);
  });

  it('answers 409 when POST names a kid the set already has', async () => {
    const body = { alg: 'ES256', kid: 'taken', use: 'sig' };
    assert.equal((await request('POST', `${ctx.server.adminUrl}/admin/keys/conflict`, body)).status, 201);
    const again = await request('POST', `${ctx.server.adminUrl}/admin/keys/conflict`, body);
    assert.equal(again.status, 409);
    assert.match(again.body.error_hint, /kid/);
  });

  it('takes an absent or empty use as "sig", as Hydra', async () => {
    const created = await request('POST', `${ctx.server.adminUrl}/admin/keys/default-use`, { alg: 'ES256', use: '' });
    assert.equal(created.status, 201);
    assert.equal(created.body.keys[0].use, 'sig');
    assert.ok(created.body.keys[0].kid);
  });
});
