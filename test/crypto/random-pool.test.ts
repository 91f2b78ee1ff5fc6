import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytesFromPool } from '../../src/crypto/random-pool.js';

describe('random pool', () => {
  it('hands out slices of the requested size that never repeat, across refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const bytes = randomBytesFromPool(i % 2 === 0 ? 32 : 12);
      assert.equal(bytes.length, i % 2 === 0 ? 32 : 12);
      const hex = bytes.toString('hex');
      assert.ok(!seen.has(hex), 'a random value repeated');
      seen.add(hex);
    }
  });

  it('returns copies: changing one does not change later values', () => {
    const first = randomBytesFromPool(16);
    const copy = Buffer.from(first);
    first.fill(0);
    assert.notDeepEqual(randomBytesFromPool(16), first);
    assert.notDeepEqual(copy, Buffer.alloc(16));
  });

  it('refuses sizes larger than the pool', () => {
    assert.throws(() => randomBytesFromPool(5000), RangeError);
  });
});
