/**
 * Which algorithm the discovery document names when the ID token key changes, and what it does
 * when the key store cannot be read. The key source is a stand-in here (an outage that outlives
 * the key cache is slow to stage); discovery.test.ts covers a real key change over HTTP.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.js';
import { DiscoveryBodies } from '../../src/oauth2/discovery-bodies.js';
import type { SigningKey, SigningKeySource } from '../../src/jwk/key-sets.js';

class ScriptedKeys implements SigningKeySource {
  alg: string | Error = 'RS256';
  async signingKey(): Promise<SigningKey> {
    if (this.alg instanceof Error) throw this.alg;
    return { kid: 'k', alg: this.alg, key: new Uint8Array(32) };
  }
}

const config = loadConfig({ env: { SECRETS_SYSTEM: 'a-system-secret-of-32-characters', URLS_SELF_ISSUER: 'https://auth.example.com/' }, flags: {} }).config;
const algsOf = (body: string) => (JSON.parse(body) as { id_token_signing_alg_values_supported: string[] }).id_token_signing_alg_values_supported;

describe('discovery bodies', () => {
  it("follows the ID token key's algorithm", async () => {
    const keys = new ScriptedKeys();
    const bodies = new DiscoveryBodies(config, keys);
    assert.deepEqual(algsOf(await bodies.current()), ['RS256']);
    keys.alg = 'ES256';
    assert.deepEqual(algsOf(await bodies.current()), ['ES256']);
  });

  it('serves the last algorithm seen while the key store cannot be read', async () => {
    const keys = new ScriptedKeys();
    const bodies = new DiscoveryBodies(config, keys);
    keys.alg = 'PS256';
    const before = await bodies.current();
    keys.alg = new Error('connect ECONNREFUSED');
    assert.equal(await bodies.current(), before);
  });

  it('fails like any database route when no algorithm was ever seen', async () => {
    const keys = new ScriptedKeys();
    keys.alg = new Error('connect ECONNREFUSED');
    await assert.rejects(new DiscoveryBodies(config, keys).current(), /ECONNREFUSED/);
  });
});
