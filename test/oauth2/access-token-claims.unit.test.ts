/**
 * customClaims against the cases of Hydra's oauth2/session_custom_claims_test.go (the facts, in
 * Tessera's words): which custom claims a JWT access token carries on top and under `ext`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { customClaims, type ClaimShaping } from '../../src/oauth2/tokens/access-token-claims.js';

const shaping = (allowed: string[], mirror: boolean, preserve = false): ClaimShaping => ({
  allowedTopLevelClaims: allowed, mirrorTopLevelClaims: mirror, preserveExtClaims: preserve,
});

describe('JWT access token custom claims (Hydra GetJWTClaims)', () => {
  const cases: Array<[string, ClaimShaping, Record<string, unknown>, Record<string, unknown>]> = [
    ['no custom claims, no mirroring', shaping([], false), {}, {}],
    ['no custom claims, mirroring: an empty ext', shaping([], true), {}, { ext: {} }],
    ['promoted and mirrored', shaping(['foo'], true), { foo: 'bar' }, { foo: 'bar', ext: { foo: 'bar' } }],
    ['reserved names stay under ext only', shaping(['foo', 'iss', 'sub'], true), { foo: 'bar', iss: 'x', sub: 'y' }, { foo: 'bar', ext: { foo: 'bar', iss: 'x', sub: 'y' } }],
    ['unlisted claims are mirrored, not promoted', shaping(['foo'], true), { foo: 'bar', baz: 'qux' }, { foo: 'bar', ext: { foo: 'bar', baz: 'qux' } }],
    ['an allowed claim that is absent is not invented', shaping(['foo', 'bar'], true), { foo: 'bar' }, { foo: 'bar', ext: { foo: 'bar' } }],
    ['mirroring off: no ext', shaping(['foo'], false), { foo: 'bar' }, { foo: 'bar' }],
    ['mirroring off drops unlisted claims', shaping(['foo'], false, false), { foo: 'bar', baz: 'qux' }, { foo: 'bar' }],
    ['preserve keeps the unlisted ones under ext', shaping(['foo'], false, true), { foo: 'bar', baz: 'qux' }, { foo: 'bar', ext: { baz: 'qux' } }],
    ['preserve with nothing promoted', shaping([], false, true), { foo: 'bar', baz: 'qux' }, { ext: { foo: 'bar', baz: 'qux' } }],
    ['preserve with everything promoted: no ext', shaping(['foo'], false, true), { foo: 'bar' }, { foo: 'bar' }],
    ['preserve keeps reserved names under ext', shaping(['foo', 'iss', 'sub'], false, true), { foo: 'bar', iss: 'x', sub: 'y' }, { foo: 'bar', ext: { iss: 'x', sub: 'y' } }],
    ['mirroring wins over preserve', shaping(['foo'], true, true), { foo: 'bar', baz: 'qux' }, { foo: 'bar', ext: { foo: 'bar', baz: 'qux' } }],
    ['preserve with no custom claims: no ext', shaping([], false, true), {}, {}],
    ['scope is reserved too (Tessera)', shaping(['scope', 'client_id', 'scp', 'ext'], false), { scope: 'admin', client_id: 'x', scp: ['a'], ext: 1 }, {}],
  ];
  for (const [name, settings, ext, expected] of cases) {
    it(name, () => assert.deepEqual(customClaims(settings, ext), expected));
  }

  it('copies ext rather than sharing it, and reads own members only', () => {
    const ext = Object.create({ inherited: 'no' }) as Record<string, unknown>;
    ext.foo = 'bar';
    const claims = customClaims(shaping(['foo', 'inherited'], true), ext);
    assert.deepEqual(claims, { foo: 'bar', ext: { foo: 'bar' } });
    assert.notEqual(claims.ext, ext);
  });
});
