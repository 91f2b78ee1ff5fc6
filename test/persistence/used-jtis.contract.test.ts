/**
 * UsedJtis's contract (src/oauth2/assertion/used-jtis.ts) on every database and on the in-memory
 * fake: a `jti` is used once until its expiry, of concurrent uses exactly one wins, and an expired
 * record (not yet removed by the janitor) no longer blocks.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { UsedJtis } from '../../src/oauth2/assertion/used-jtis.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { SqlUsedJtis } from '../../src/persistence/sql/used-jti.js';
import { JANITOR_TARGETS, runJanitor } from '../../src/janitor/janitor.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { migrateDatabase } from '../support/server.js';
import { MemoryUsedJtis } from '../support/memory-stores/memory-used-jtis.js';

function contract(usedJtis: () => UsedJtis): void {
  it('answers true on first use and false on a replay before the expiry', async () => {
    const jti = randomUUID();
    const now = Date.now();
    assert.equal(await usedJtis().markUsed(jti, now + 60_000, now), true);
    assert.equal(await usedJtis().markUsed(jti, now + 60_000, now + 1_000), false);
    assert.equal(await usedJtis().markUsed(jti, now + 120_000, now + 59_999), false);
  });

  it('lets exactly one of concurrent uses of one jti win', async () => {
    const jti = randomUUID();
    const now = Date.now();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => usedJtis().markUsed(jti, now + 60_000, now)));
    assert.equal(outcomes.filter(Boolean).length, 1);
  });

  it('accepts a jti again once its recorded use has expired, once', async () => {
    const jti = randomUUID();
    const now = Date.now();
    assert.equal(await usedJtis().markUsed(jti, now + 1_000, now), true);
    const later = now + 1_000;
    const outcomes = await Promise.all([usedJtis().markUsed(jti, later + 60_000, later), usedJtis().markUsed(jti, later + 60_000, later)]);
    assert.deepEqual(outcomes.sort(), [false, true]);
    assert.equal(await usedJtis().markUsed(jti, later + 60_000, later + 30_000), false, 'the new use counts until its own expiry');
  });

  it('keeps jtis of any length and content apart', async () => {
    const now = Date.now();
    const long = 'x'.repeat(5_000);
    assert.equal(await usedJtis().markUsed(long, now + 60_000, now), true);
    assert.equal(await usedJtis().markUsed(`${long}y`, now + 60_000, now), true);
    assert.equal(await usedJtis().markUsed('ünïcode ☃', now + 60_000, now), true);
    assert.equal(await usedJtis().markUsed(long, now + 60_000, now), false);
  });
}

for (const dialect of testDialects()) {
  describe(`UsedJtis contract on ${dialect}`, () => {
    let testDb: TestDatabase | undefined;
    let database: Database | undefined;
    before(async () => {
      testDb = await createTestDatabase(dialect);
      await migrateDatabase(testDb.dsn);
      database = openDatabase(parseDsn(testDb.dsn));
    });
    after(async () => {
      await database?.close();
      await testDb?.drop();
    });
    contract(() => new SqlUsedJtis(database!));

    it('is cleaned by the janitor (--tokens) once expired, and only then', async () => {
      const store = new SqlUsedJtis(database!);
      const now = Date.now();
      await database!.db.deleteFrom('hydra_oauth2_jti_blacklist').execute();
      await store.markUsed('expired', now - 1, now - 60_000);
      await store.markUsed('live', now + 60_000, now);
      await runJanitor(database!, JANITOR_TARGETS.tokens, { keepIfYoungerMs: 0, limit: 1_000, batchSize: 100, now: () => now });
      const left = await database!.db.selectFrom('hydra_oauth2_jti_blacklist').select('expires_at').execute();
      assert.deepEqual(left.map((row) => Number(row.expires_at)), [now + 60_000]);
    });
  });
}

describe('UsedJtis contract on memory', () => {
  const store = new MemoryUsedJtis();
  contract(() => store);
});
