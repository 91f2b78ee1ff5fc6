/**
 * The claims that differ between the two JWT access token profiles, for every scope_claim and
 * the edge cases a real flow rarely produces (no scope granted), and the setting's configuration.
 * The tokens themselves are tested over HTTP in jwt-access-token-profile.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { profileClaims, type AccessTokenProfile, type ScopeClaim } from '../../src/oauth2/tokens/jwt-access-token-profile.js';

const ISSUER = 'https://auth.example.com/';
const shape = (profile: AccessTokenProfile, scopeClaim: ScopeClaim, scope: string[], audience: string[] = []) =>
  profileClaims({ profile, scopeClaim, issuer: ISSUER }, scope, audience);

describe('JWT access token profiles', () => {
  it("hydra: fosite's scope claims for list, string and both, even for an empty grant", () => {
    assert.deepEqual(shape('hydra', 'list', ['a', 'b']).scopeClaims, { scp: ['a', 'b'] });
    assert.deepEqual(shape('hydra', 'string', ['a', 'b']).scopeClaims, { scope: 'a b' });
    assert.deepEqual(shape('hydra', 'both', ['a', 'b']).scopeClaims, { scp: ['a', 'b'], scope: 'a b' });
    assert.deepEqual(shape('hydra', 'list', []).scopeClaims, { scp: [] });
    assert.deepEqual(shape('hydra', 'string', []).scopeClaims, { scope: '' });
  });

  it('hydra: typ JWT and the audience as granted, empty included', () => {
    assert.equal(shape('hydra', 'list', ['a']).typ, 'JWT');
    assert.deepEqual(shape('hydra', 'list', ['a']).audience, []);
    assert.deepEqual(shape('hydra', 'list', ['a'], ['https://api']).audience, ['https://api']);
  });

  it('rfc9068: always a scope string when a scope was granted, scp as scope_claim says', () => {
    assert.deepEqual(shape('rfc9068', 'list', ['a', 'b']).scopeClaims, { scp: ['a', 'b'], scope: 'a b' });
    assert.deepEqual(shape('rfc9068', 'string', ['a', 'b']).scopeClaims, { scope: 'a b' });
    assert.deepEqual(shape('rfc9068', 'both', ['a', 'b']).scopeClaims, { scp: ['a', 'b'], scope: 'a b' });
    assert.deepEqual(shape('rfc9068', 'string', []).scopeClaims, {}, 'no empty scope string');
  });

  it('rfc9068: typ at+jwt and the issuer as audience when none was granted', () => {
    assert.equal(shape('rfc9068', 'list', ['a']).typ, 'at+jwt');
    assert.deepEqual(shape('rfc9068', 'list', ['a']).audience, [ISSUER]);
    assert.deepEqual(shape('rfc9068', 'list', ['a'], ['https://api', 'https://other']).audience, ['https://api', 'https://other']);
  });
});

describe('strategies.jwt.access_token_profile configuration', () => {
  const load = (env: Record<string, string>) => loadConfig({ env: { SECRETS_SYSTEM: 'a-system-secret-of-32-characters', ...env }, flags: {} }).config;

  it("defaults to hydra and is set by STRATEGIES_JWT_ACCESS_TOKEN_PROFILE", () => {
    assert.equal(load({}).strategies.jwt.access_token_profile, 'hydra');
    assert.equal(load({ STRATEGIES_JWT_ACCESS_TOKEN_PROFILE: 'rfc9068' }).strategies.jwt.access_token_profile, 'rfc9068');
  });

  it('refuses another value, naming the key', () => {
    assert.throws(() => load({ STRATEGIES_JWT_ACCESS_TOKEN_PROFILE: 'rfc7519' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /strategies\.jwt\.access_token_profile/);
      assert.match(error.message, /rfc9068/);
      return true;
    });
  });
});
