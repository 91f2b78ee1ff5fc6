import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino, type Logger } from 'pino';
import { Aead } from '../../src/crypto/aead.js';
import type { Database } from '../../src/persistence/database.js';
import { generateJwk } from '../../src/jwk/generate.js';
import { SqlGenerationClaims } from '../../src/persistence/sql/generation-claim.js';
import { ACCESS_TOKEN_SET, ID_TOKEN_SET, KeyManager } from '../../src/jwk/key-manager.js';
import { createKeyManager } from '../../src/registry/keys.js';
import { SqlKeyStore } from '../../src/persistence/sql/key.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { TEST_SECRET, migrateDatabase } from '../support/server.js';
import { separatePools } from '../support/separate-pools.js';

/** A logger whose messages a test can read. */
function recordingLogger(): { logger: Logger; messages: string[] } {
  const messages: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void messages.push(JSON.parse(line).msg) });
  return { logger, messages };
}

const generating = (messages: string[], set: string) => messages.filter((m) => m.includes(`"${set}" has no signing key yet, generating`)).length;

/**
 * Bounded waits: a takeover that never happened would otherwise hang the run instead of failing.
 *
 * The claim row that lets one process generate a set's first signing key while the others wait
 * (jwk/generation-claim.ts). The claims are wired for every dialect here; createKeyManager wires
 * them for PostgreSQL and MySQL only.
 */
for (const dialect of testDialects()) {
  describe(`key generation claims on ${dialect}`, () => {
    let testDb: TestDatabase;
    const { pools, pool, closePools } = separatePools(() => testDb.dsn);
    const claimRows = (database: Database) => database.db.selectFrom('hydra_jwk_generation_claim').selectAll().execute();
    const count = async (database: Database, set: string) =>
      (await database.db.selectFrom('hydra_jwk').select('kid').where('sid', '=', set).execute()).length;

    before(async () => {
      testDb = await createTestDatabase(dialect);
      await migrateDatabase(testDb.dsn);
    });
    after(async () => {
      await closePools();
      await testDb?.drop();
    });

    it('claim: the first claimant wins, a live claim holds, a stale one is taken over once', async () => {
      let now = 1_000_000;
      const [a, b, c] = [pool(), pool(), pool()].map((database) => new SqlGenerationClaims(database, { staleAfterMs: 60_000, now: () => now }));
      assert.equal(await a!.claim('claims', 'a'), 'claimed');
      assert.equal(await b!.claim('claims', 'b'), 'held');
      now += 59_000;
      assert.equal(await b!.claim('claims', 'b'), 'held', 'not stale yet');
      assert.equal(await a!.renew('claims', 'a'), true);
      now += 59_000;
      assert.equal(await b!.claim('claims', 'b'), 'held', 'renewed 59 s ago');
      now += 2_000;
      const outcomes = await Promise.all([b!.claim('claims', 'b'), c!.claim('claims', 'c')]);
      assert.deepEqual(outcomes.filter((o) => o === 'taken-over'), ['taken-over'], `one takeover: ${outcomes.join(', ')}`);
      assert.equal(await a!.renew('claims', 'a'), false, 'the crashed claimant lost its claim');
      await a!.release('claims', 'a');
      assert.equal((await claimRows(pools[0]!)).length, 1, "a former claimant's release leaves the new claim");
      const winner = outcomes[0] === 'taken-over' ? 'b' : 'c';
      await (winner === 'b' ? b! : c!).release('claims', winner);
      assert.deepEqual(await claimRows(pools[0]!), []);
    });

    it('a stale claim left by a crashed instance is taken over and does not block start', { timeout: 90_000 }, async () => {
      const database = pool();
      const old = Date.now() - 10 * 60_000;
      await database.db
        .insertInto('hydra_jwk_generation_claim')
        .values([ID_TOKEN_SET, ACCESS_TOKEN_SET].map((sid) => ({ sid, claimant: 'crashed-instance', claimed_at: old })))
        .execute();
      const { logger, messages } = recordingLogger();
      const manager = new KeyManager(new SqlKeyStore(database, new Aead([TEST_SECRET])), logger, { claims: new SqlGenerationClaims(database) });
      await manager.prepare();
      for (const set of [ID_TOKEN_SET, ACCESS_TOKEN_SET]) {
        assert.equal(await count(database, set), 1, set);
        assert.equal(generating(messages, set), 1, set);
        assert.ok(messages.some((m) => m.includes(`stale key generation claim of JSON Web Key Set "${set}"`)), messages.join('\n'));
      }
      assert.ok(!messages.some((m) => m.includes('waiting for the process generating it')), messages.join('\n'));
      assert.deepEqual(await claimRows(database), [], 'the claims are released once the keys are stored');
    });

    it('a live claim makes the others wait for its key instead of generating their own', { timeout: 90_000 }, async () => {
      const database = pool();
      const set = 'claimed-elsewhere';
      await database.db.insertInto('hydra_jwk_generation_claim').values({ sid: set, claimant: 'other-instance', claimed_at: Date.now() }).execute();
      const { logger, messages } = recordingLogger();
      const manager = new KeyManager(new SqlKeyStore(database, new Aead([TEST_SECRET])), logger, { claims: new SqlGenerationClaims(database), claimPollMs: 50 });
      const waiting = manager.ensureSigningKey(set);
      await new Promise((resolve) => setTimeout(resolve, 400));
      // The other instance stores its key (a fast ES256 one) and releases its claim.
      const theirs = await generateJwk({ alg: 'ES256', kid: 'from-the-other-instance' });
      assert.equal(await new SqlKeyStore(pool(), new Aead([TEST_SECRET])).addSigningKeyIfAbsent(set, theirs), true);
      await database.db.deleteFrom('hydra_jwk_generation_claim').where('sid', '=', set).execute();
      await waiting;
      assert.equal((await manager.signingKey(set)).kid, 'from-the-other-instance');
      assert.equal(await count(database, set), 1);
      assert.equal(generating(messages, set), 0, messages.join('\n'));
      assert.ok(messages.some((m) => m.includes('waiting for the process generating it')), messages.join('\n'));
    });

    it('a claim that stops being renewed is taken over by a waiting instance', { timeout: 90_000 }, async () => {
      const database = pool();
      const set = 'claimant-vanished';
      await database.db.insertInto('hydra_jwk_generation_claim').values({ sid: set, claimant: 'vanished', claimed_at: Date.now() }).execute();
      const { logger, messages } = recordingLogger();
      const claims = new SqlGenerationClaims(database, { staleAfterMs: 1_000 });
      const manager = new KeyManager(new SqlKeyStore(database, new Aead([TEST_SECRET])), logger, { claims, claimPollMs: 50 });
      const started = Date.now();
      await manager.ensureSigningKey(set);
      assert.ok(Date.now() - started >= 1_000, 'waited for the claim to go stale');
      assert.equal(await count(database, set), 1);
      assert.equal(generating(messages, set), 1, messages.join('\n'));
      assert.deepEqual(await claimRows(database), []);
    });

    it('a generation that outlasts the stale time keeps its claim: the waiting instance never takes it over', { timeout: 90_000 }, async () => {
      const set = 'slow-generation';
      const staleAfterMs = 600;
      const [holder, waiter] = [recordingLogger(), recordingLogger()];
      const slowDatabase = pool();
      // Four stale times of generation, as RSA 4096 can take on a loaded machine.
      const slow = new KeyManager(new SqlKeyStore(slowDatabase, new Aead([TEST_SECRET])), holder.logger, {
        claims: new SqlGenerationClaims(slowDatabase, { staleAfterMs }),
        generateKey: async (request) => {
          await new Promise((resolve) => setTimeout(resolve, 4 * staleAfterMs));
          return generateJwk({ ...request, alg: 'ES256' });
        },
      });
      const waitingDatabase = pool();
      const waiting = new KeyManager(new SqlKeyStore(waitingDatabase, new Aead([TEST_SECRET])), waiter.logger, {
        claims: new SqlGenerationClaims(waitingDatabase, { staleAfterMs }),
        claimPollMs: 50,
      });
      const slowStart = slow.ensureSigningKey(set);
      for (let i = 0; i < 100 && (await claimRows(waitingDatabase)).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      await Promise.all([slowStart, waiting.ensureSigningKey(set)]);
      assert.equal(await count(waitingDatabase, set), 1);
      assert.equal(generating(holder.messages, set), 1, holder.messages.join('\n'));
      assert.equal(generating(waiter.messages, set), 0, waiter.messages.join('\n'));
      const all = [...holder.messages, ...waiter.messages].join('\n');
      assert.doesNotMatch(all, /Took over|was taken over/);
      assert.equal((await waiting.signingKey(set)).kid, (await slow.signingKey(set)).kid);
    });

    it('concurrent first starts generate each set once, the others wait for that key', { timeout: 90_000 }, async () => {
      const set = 'first-start';
      const recorders = Array.from({ length: 3 }, () => recordingLogger());
      const managers = recorders.map(({ logger }) => {
        const database = pool();
        return new KeyManager(new SqlKeyStore(database, new Aead([TEST_SECRET])), logger, { claims: new SqlGenerationClaims(database), claimPollMs: 50 });
      });
      await Promise.all(managers.map((manager) => manager.ensureSigningKey(set)));
      assert.equal(await count(pools[0]!, set), 1);
      const generations = recorders.reduce((sum, { messages }) => sum + generating(messages, set), 0);
      assert.equal(generations, 1, recorders.map(({ messages }) => messages.join('\n')).join('\n---\n'));
      const kids = new Set(await Promise.all(managers.map(async (manager) => (await manager.signingKey(set)).kid)));
      assert.equal(kids.size, 1);
    });

    it(`createKeyManager ${dialect === 'sqlite' ? 'keeps the simple path on SQLite' : 'uses the claims'}`, { timeout: 90_000 }, async () => {
      const database = pool();
      const set = 'wired';
      await database.db.insertInto('hydra_jwk_generation_claim').values({ sid: set, claimant: 'crashed-instance', claimed_at: Date.now() - 120_000 }).execute();
      const manager = createKeyManager(database, new Aead([TEST_SECRET]), pino({ level: 'silent' }));
      await manager.ensureSigningKey(set);
      assert.equal(await count(database, set), 1);
      // The claims release their row; the simple path never touches it.
      assert.equal((await claimRows(database)).length, dialect === 'sqlite' ? 1 : 0);
    });
  });
}
