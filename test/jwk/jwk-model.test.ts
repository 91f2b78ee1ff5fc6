import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { algorithmMismatch, signingAlgorithm } from '../../src/jwk/algorithms.js';
import { generateJwk } from '../../src/jwk/generate.js';
import { isSigningKey, toPublicJwk, type Jwk } from '../../src/jwk/jwk.js';
import { parseJwk } from '../../src/jwk/jwk-input.js';
import { SetCache } from '../../src/jwk/set-cache.js';

describe('JWK model', () => {
  it('publishes only public members, and nothing of a symmetric key', async () => {
    const ec = await generateJwk({ alg: 'ES256', kid: 'e' });
    const withExtras = { ...ec, key_ops: ['sign', 'verify'], x5c: ['MIIB'], extra: 'x' } as Jwk;
    assert.deepEqual(toPublicJwk(withExtras), { kty: 'EC', kid: 'e', use: 'sig', alg: 'ES256', key_ops: ['verify'], x5c: ['MIIB'], crv: 'P-256', x: ec.x, y: ec.y });
    const okp = toPublicJwk(await generateJwk({ alg: 'EdDSA', kid: 'o' }))!;
    assert.deepEqual(Object.keys(okp).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    assert.equal(toPublicJwk(await generateJwk({ alg: 'HS256', kid: 'h' })), undefined);
    assert.equal(toPublicJwk({ kty: 'unknown', kid: 'u', d: 'secret' } as Jwk), undefined);
  });

  it('tells signing keys apart: asymmetric, private, not use=enc', async () => {
    const ec = await generateJwk({ alg: 'ES256', kid: 'e' });
    assert.equal(isSigningKey(ec), true);
    assert.equal(isSigningKey(toPublicJwk(ec)!), false);
    assert.equal(isSigningKey({ ...ec, use: 'enc' }), false);
    assert.equal(isSigningKey(await generateJwk({ alg: 'HS256' })), false);
  });

  it('checks alg against the key and infers alg for keys without one', () => {
    assert.equal(algorithmMismatch({ kty: 'EC', kid: 'k', crv: 'P-256', alg: 'ES256' }), undefined);
    assert.match(algorithmMismatch({ kty: 'EC', kid: 'k', crv: 'P-256', alg: 'ES384' })!, /P-384/);
    assert.match(algorithmMismatch({ kty: 'RSA', kid: 'k', alg: 'HS256' })!, /oct/);
    assert.equal(algorithmMismatch({ kty: 'RSA', kid: 'k', alg: 'some-private-alg' }), undefined);
    assert.equal(signingAlgorithm({ kty: 'EC', kid: 'k', crv: 'P-521' }), 'ES512');
    assert.equal(signingAlgorithm({ kty: 'OKP', kid: 'k', crv: 'Ed25519' }), 'EdDSA');
    assert.equal(signingAlgorithm({ kty: 'RSA', kid: 'k' }), 'RS256');
  });

  it('accepts public and private keys of every type and refuses a private key with foreign public members', async () => {
    for (const alg of ['ES256', 'ES512', 'EdDSA', 'HS512']) {
      const key = await generateJwk({ alg, kid: alg });
      assert.deepEqual(parseJwk(key, 'k'), key);
      const pub = toPublicJwk(key);
      if (pub) assert.deepEqual(parseJwk(pub, 'k'), pub);
    }
    const a = await generateJwk({ alg: 'EdDSA', kid: 'a' });
    const b = await generateJwk({ alg: 'EdDSA', kid: 'b' });
    assert.throws(() => parseJwk({ ...a, x: b.x }, 'k'), (e: any) => /do not belong/.test(e.hint));
  });
});

describe('SetCache', () => {
  it('shares one load, expires after the TTL, and forgets failed loads', async () => {
    let now = 0;
    let loads = 0;
    const cache = new SetCache<number>(1000, () => now);
    const load = async () => ++loads;
    assert.deepEqual(await Promise.all([cache.get('s', load), cache.get('s', load)]), [1, 1]);
    now = 999;
    assert.equal(await cache.get('s', load), 1);
    now = 1000;
    assert.equal(await cache.get('s', load), 2);
    await assert.rejects(cache.get('f', async () => Promise.reject(new Error('down'))));
    assert.equal(await cache.get('f', load), 3);
  });

  it('never keeps a load that a change overtook', async () => {
    const cache = new SetCache<string>(60_000);
    let release!: (value: string) => void;
    const stale = cache.get('s', () => new Promise((resolve) => (release = resolve)));
    cache.invalidate('s');
    release('before the change');
    assert.equal(await stale, 'before the change');
    assert.equal(await cache.get('s', async () => 'after the change'), 'after the change');
  });
});
