/**
 * JwtSigner signs ECDSA keys synchronously with node:crypto (synchronous-ecdsa.ts): the tokens
 * must be exactly what jose would accept and produce, for each curve, whether the key is a
 * CryptoKey or a KeyObject; RSA keys still go through jose.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyObject, type webcrypto } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, generateKeyPair, jwtVerify } from 'jose';
import { JwtSigner } from '../../src/jwk/jwt-signer.js';
import { signEcdsaCompact } from '../../src/jwk/synchronous-ecdsa.js';

const claims = { iss: 'https://issuer.example', sub: 'subject', aud: ['a', 'b'], exp: 4_000_000_000, jti: 'ü-unicode', nested: { x: [1, 'two'] } };

describe('JwtSigner with ECDSA keys', () => {
  for (const alg of ['ES256', 'ES384', 'ES512'] as const) {
    for (const form of ['CryptoKey', 'KeyObject'] as const) {
      it(`${alg} (${form}): verifies with jose, header {alg, kid, typ}, claims intact`, async () => {
        const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
        const key = form === 'KeyObject' ? KeyObject.from(privateKey as webcrypto.CryptoKey) : privateKey;
        const signer = new JwtSigner({ signingKey: async () => ({ kid: 'kid-1', alg, key }) });
        const token = await signer.sign('set', claims, 'at+jwt');
        assert.deepEqual(decodeProtectedHeader(token), { alg, kid: 'kid-1', typ: 'at+jwt' });
        const { payload } = await jwtVerify(token, publicKey, { algorithms: [alg] });
        assert.deepEqual(payload, claims);
        // A flipped signature byte fails: the signature is really checked.
        const [h, p, s] = token.split('.');
        const flipped = `${h}.${p}.${s![0] === 'A' ? 'B' : 'A'}${s!.slice(1)}`;
        await assert.rejects(compactVerify(flipped, publicKey));
      });
    }
  }

  it('leaves RSA keys to jose', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    assert.equal(signEcdsaCompact({ kid: 'r', alg: 'RS256', key: privateKey }, claims, 'JWT'), undefined);
    const token = await new JwtSigner({ signingKey: async () => ({ kid: 'r', alg: 'RS256', key: privateKey }) }).sign('set', claims, 'JWT');
    assert.deepEqual((await jwtVerify(token, publicKey)).payload, claims);
  });
});
