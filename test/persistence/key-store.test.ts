import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Aead } from '../../src/crypto/aead.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { generateJwk } from '../../src/jwk/generate.js';
import { toPublicJwk, type Jwk } from '../../src/jwk/jwk.js';
import { KeyConflictError, KeyDecryptionError } from '../../src/jwk/key-store.js';
import { SqlKeyStore } from '../../src/persistence/sql/key.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { migrateDatabase } from '../support/server.js';

const ec = (kid: string, use = 'sig') => generateJwk({ alg: 'ES256', kid, use });

for (const dialect of testDialects()) {
  describe(`KeyStore on ${dialect}`, () => {
    let testDb: TestDatabase;
    let database: Database;
    let store: SqlKeyStore;
    before(async () => {
      testDb = await createTestDatabase(dialect);
      await migrateDatabase(testDb.dsn);
      database = openDatabase(parseDsn(testDb.dsn));
      store = new SqlKeyStore(database, new Aead(['store-secret-0123456789abcdef']));
    });
    after(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('round-trips a key and keeps it sealed at rest', async () => {
      const key = await ec('k1');
      await store.addKey('s-roundtrip', key);
      assert.deepEqual((await store.getKey('s-roundtrip', 'k1'))?.jwk, key);
      const row = await database.db.selectFrom('hydra_jwk').selectAll().where('sid', '=', 's-roundtrip').executeTakeFirstOrThrow();
      assert.ok(!row.keydata.includes(key.d!), 'the private key is not stored in the clear');
      assert.ok(!row.keydata.includes('"kty"'));
      assert.equal(row.signing, 1);
      assert.equal(typeof row.created_at, 'number');
      assert.equal(await store.getKey('s-roundtrip', 'nope'), undefined);
      assert.deepEqual(await store.getSet('no-such-set'), []);
    });

    it('refuses a second key with the same kid in a set, not in another set', async () => {
      await store.addKey('s-dup', await ec('same'));
      await assert.rejects(store.addKey('s-dup', await ec('same')), KeyConflictError);
      await store.addKey('s-dup-other', await ec('same'));
    });

    it('lists a set newest first', async () => {
      for (const kid of ['old', 'middle', 'new']) {
        await store.addKey('s-order', await ec(kid));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.deepEqual((await store.getSet('s-order')).map((r) => r.jwk.kid), ['new', 'middle', 'old']);
    });

    it('replaces a set in one transaction, keeping the order of the body', async () => {
      await store.addKey('s-replace', await ec('gone'));
      const keys = [await ec('a'), await ec('b'), await ec('c')];
      await store.replaceSet('s-replace', keys);
      assert.deepEqual((await store.getSet('s-replace')).map((r) => r.jwk.kid), ['a', 'b', 'c']);
      // A failing insert (a duplicate kid) rolls the delete back: nothing is half-written.
      await assert.rejects(store.replaceSet('s-replace', [await ec('x'), await ec('x')]));
      assert.deepEqual((await store.getSet('s-replace')).map((r) => r.jwk.kid), ['a', 'b', 'c']);
      await store.replaceSet('s-replace', []);
      assert.deepEqual(await store.getSet('s-replace'), []);
    });

    it('replaces one key, creating it when absent, and deletes keys and sets', async () => {
      const first = await ec('r1');
      await store.addKey('s-key', first);
      const second = { ...(await ec('r1')) };
      await store.replaceKey('s-key', second);
      assert.deepEqual((await store.getKey('s-key', 'r1'))?.jwk, second);
      await store.replaceKey('s-key', await ec('r2'));
      assert.equal((await store.getSet('s-key')).length, 2);
      assert.equal(await store.deleteKey('s-key', 'r1'), true);
      assert.equal(await store.deleteKey('s-key', 'r1'), false);
      assert.equal(await store.deleteSet('s-key'), 1);
      assert.equal(await store.deleteSet('s-key'), 0);
    });

    it('adds a signing key only when the set has none', async () => {
      assert.equal(await store.addSigningKeyIfAbsent('s-sign', await ec('first')), true);
      assert.equal(await store.addSigningKeyIfAbsent('s-sign', await ec('second')), false);
      assert.deepEqual((await store.getSet('s-sign')).map((r) => r.jwk.kid), ['first']);
      // Public-only and encryption keys do not sign: a set holding only those gets one.
      await store.addKey('s-public', toPublicJwk(await ec('pub'))!);
      await store.addKey('s-public', await ec('enc', 'enc'));
      assert.equal(await store.addSigningKeyIfAbsent('s-public', await ec('signer')), true);
    });

    it('binds a sealed key to its set and kid, and reports keys the secrets cannot open', async () => {
      await store.addKey('s-bind', await ec('one'));
      const row = await database.db.selectFrom('hydra_jwk').selectAll().where('sid', '=', 's-bind').executeTakeFirstOrThrow();
      await database.db.insertInto('hydra_jwk').values({ ...row, kid: 'copied' }).execute();
      await assert.rejects(store.getKey('s-bind', 'copied'), KeyDecryptionError);
      assert.deepEqual(await store.findUnreadable(), [{ set: 's-bind', kid: 'copied' }]);
      await database.db.deleteFrom('hydra_jwk').where('kid', '=', 'copied').execute();
      assert.deepEqual(await store.findUnreadable(), []);
    });

    it('opens keys sealed under an older secret after a rotation, and none under a foreign one', async () => {
      const rotated = new SqlKeyStore(database, new Aead(['new-secret-0123456789abcdef', 'store-secret-0123456789abcdef']));
      const key: Jwk = (await store.getKey('s-roundtrip', 'k1'))!.jwk;
      assert.deepEqual((await rotated.getKey('s-roundtrip', 'k1'))?.jwk, key);
      await rotated.addKey('s-rotated', await ec('sealed-new'));
      assert.deepEqual(await rotated.findUnreadable(), []);
      const foreign = new SqlKeyStore(database, new Aead(['another-secret-0123456789abcdef']));
      const unreadable = await foreign.findUnreadable();
      assert.ok(unreadable.length > 5);
      await assert.rejects(foreign.getSet('s-order'), /secrets\.system/);
      // The old secret alone cannot open what the new one sealed.
      await assert.rejects(store.getSet('s-rotated'), KeyDecryptionError);
    });
  });
}
