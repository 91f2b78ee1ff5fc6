import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { HmacTokenStrategy, signatureKey } from '../../src/crypto/hmac-token.js';

const SECRET = 'hydra-system-secret-0123456789abcdef';

/**
 * A vector computed outside node, with the openssl command line:
 *   key = sha256("hydra-system-secret-0123456789abcdef"), random = bytes 0x00..0x1f,
 *   signature = HMAC-SHA-512/256(key, random), both unpadded base64url; the row key is the hex
 *   SHA-384 of the signature text (Hydra x.SignatureHash).
 */
const VECTOR = {
  token: 'ory_at_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8.2wRIq3MoReoyaFJWSTpcufxMvJTbh18Mc1uRAOw4_lQ',
  signature: '2wRIq3MoReoyaFJWSTpcufxMvJTbh18Mc1uRAOw4_lQ',
  rowKey: 'adc5ece08d29373305910b5e2ca118e0e50598ab0bb3b9bc21016974a8df9abd0cd128f856f7eff35428502e16a76092',
};

/** fosite's construction, written out here with node:crypto as a second route. */
function fositeToken(secret: string, random: Buffer, prefix = 'ory_at_'): string {
  const key = createHash('sha256').update(secret).digest();
  const mac = createHmac('sha512-256', key).update(random).digest();
  return `${prefix}${random.toString('base64url')}.${mac.toString('base64url')}`;
}

/** How Tessera signed before it matched fosite: the MAC over the random part's text. */
function legacyToken(secret: string, kind: string): { token: string; signature: string } {
  const key = createHash('sha256').update(secret).digest();
  const text = randomBytes(32).toString('base64url');
  const signature = createHmac('sha512-256', key).update(text, 'utf8').digest('base64url');
  return { token: `ory_${kind}_${text}.${signature}`, signature };
}

describe('HMAC opaque tokens (fosite hmacsha)', () => {
  it('accepts the openssl-computed vector and keys its row as Hydra does', () => {
    const strategy = new HmacTokenStrategy([SECRET]);
    assert.equal(strategy.validate('at', VECTOR.token), VECTOR.signature);
    assert.equal(signatureKey(VECTOR.signature), VECTOR.rowKey);
    assert.equal(fositeToken(SECRET, Buffer.from([...Array(32).keys()])), VECTOR.token);
  });

  it('issues tokens whose signature is the HMAC of the decoded random bytes', () => {
    const strategy = new HmacTokenStrategy([SECRET, 'an-older-secret-an-older-secret!!']);
    for (const kind of ['at', 'rt', 'ac', 'dc'] as const) {
      const { token, signature } = strategy.generate(kind);
      const match = new RegExp(`^ory_${kind}_([A-Za-z0-9_-]{43})\\.([A-Za-z0-9_-]{43})$`).exec(token);
      assert.ok(match, token);
      assert.equal(match[2], signature);
      assert.equal(fositeToken(SECRET, Buffer.from(match[1]!, 'base64url'), `ory_${kind}_`), token);
      assert.equal(strategy.validate(kind, token), signature);
    }
  });

  it('accepts tokens signed under a rotated secret and Hydra tokens without the prefix', () => {
    const strategy = new HmacTokenStrategy(['the-new-secret-the-new-secret-!!', SECRET]);
    assert.equal(strategy.validate('at', VECTOR.token), VECTOR.signature);
    assert.equal(strategy.validate('at', VECTOR.token.slice('ory_at_'.length)), VECTOR.signature);
    assert.equal(new HmacTokenStrategy(['the-new-secret-the-new-secret-!!']).validate('at', VECTOR.token), undefined);
  });

  it('still accepts tokens in the earlier text form Tessera issued, under any secret', () => {
    const strategy = new HmacTokenStrategy(['the-new-secret-the-new-secret-!!', SECRET]);
    for (const kind of ['at', 'rt', 'ac', 'dc'] as const) {
      const legacy = legacyToken(SECRET, kind);
      assert.equal(strategy.validate(kind, legacy.token), legacy.signature);
    }
    const foreign = legacyToken('some-other-secret-some-other-secret', 'at');
    assert.equal(strategy.validate('at', foreign.token), undefined);
  });

  it('refuses tampered, foreign and malformed tokens', () => {
    const strategy = new HmacTokenStrategy([SECRET]);
    const [random, signature] = VECTOR.token.slice('ory_at_'.length).split('.') as [string, string];
    const flipped = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const bad = [
      '',
      '.',
      `ory_at_${random}`,
      `ory_at_.${signature}`,
      `ory_at_${random}.`,
      `ory_at_${flipped(random, 5)}.${signature}`,
      `ory_at_${random}.${flipped(signature, 5)}`,
      `ory_at_${random}.${signature}.x`,
      `ory_at_${random}.${signature}=`,
      // a non-canonical last character (its 2 spare bits set) and a foreign character node would skip
      `ory_at_${random}.${signature.slice(0, 42)}R`,
      `ory_at_${random.slice(0, 10)}$${random.slice(10)}.${signature}`,
      `ory_rt_${random}.${signature}`,
      'ory_at_not-a-token',
    ];
    for (const token of bad) assert.equal(strategy.validate('at', token), undefined, token);
    // the refresh-token strategy does not strip an access-token prefix
    assert.equal(strategy.validate('rt', VECTOR.token), undefined);
  });
});
