import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { Aead } from '../../src/crypto/aead.js';
import { generateJwk } from '../../src/jwk/generate.js';
import { ACCESS_TOKEN_SET, ID_TOKEN_SET } from '../../src/jwk/key-manager.js';
import { createKeyManager } from '../../src/registry/keys.js';
import { SqlKeyStore } from '../../src/persistence/sql/key.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { TEST_SECRET, migrateDatabase } from '../support/server.js';
import { separatePools } from '../support/separate-pools.js';

/**
 * Several processes starting at once on a fresh database (security-checklist.md §6, "Key generation
 * race"): each has its own connection pool here, as separate processes would.
 */
const STARTERS = 3;

for (const dialect of testDialects()) {
  describe(`concurrent first starts on ${dialect}`, () => {
    let testDb: TestDatabase;
    const { pools, pool, closePools } = separatePools(() => testDb.dsn);
    const count = async (set: string) =>
      Number((await pools[0]!.db.selectFrom('hydra_jwk').select((eb) => eb.fn.countAll().as('n')).where('sid', '=', set).executeTakeFirstOrThrow()).n);

    before(async () => {
      testDb = await createTestDatabase(dialect);
      await migrateDatabase(testDb.dsn);
    });
    after(async () => {
      await closePools();
      await testDb?.drop();
    });

    it(`${STARTERS} KeyManager.prepare() at once leave exactly one key per signing set`, async () => {
      const logger = pino({ level: 'silent' });
      const managers = Array.from({ length: STARTERS }, () => createKeyManager(pool(), new Aead([TEST_SECRET]), logger));
      await Promise.all(managers.map((manager) => manager.prepare()));
      assert.equal(await count(ID_TOKEN_SET), 1);
      assert.equal(await count(ACCESS_TOKEN_SET), 1);
      for (const set of [ID_TOKEN_SET, ACCESS_TOKEN_SET]) {
        const kids = new Set(await Promise.all(managers.map(async (manager) => (await manager.signingKey(set)).kid)));
        assert.equal(kids.size, 1, `every starter signs ${set} with the same key`);
      }
      // A second round of starts finds the keys and adds none.
      await Promise.all(managers.map((manager) => manager.prepare()));
      assert.equal(await count(ID_TOKEN_SET), 1);
      assert.equal(await count(ACCESS_TOKEN_SET), 1);
    });

    it('many concurrent candidates for one empty set: exactly one is added', async () => {
      const stores = Array.from({ length: 4 }, () => new SqlKeyStore(pool(), new Aead([TEST_SECRET])));
      const candidates = await Promise.all(Array.from({ length: 16 }, (_, i) => generateJwk({ alg: 'ES256', kid: `candidate-${i}` })));
      const added = await Promise.all(candidates.map((jwk, i) => stores[i % stores.length]!.addSigningKeyIfAbsent('race', jwk)));
      assert.equal(added.filter(Boolean).length, 1);
      assert.equal(await count('race'), 1);
      const [kept] = await stores[0]!.getSet('race');
      assert.equal(kept!.jwk.kid, candidates[added.indexOf(true)]!.kid);
    });
  });
}
