/**
 * The guard of persistence/unstorable-text.ts on each dialect, below HTTP: a value holding a NUL
 * or an unpaired surrogate matches nothing (=, <>, IN, NOT IN), leaves the other values of an IN
 * list answered (a batch of coalesced reads), and is refused on a write, raw statements and
 * transactions included. On PostgreSQL each of these reached the server and failed with
 * "invalid byte sequence for encoding UTF8: 0x00".
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { UnstorableTextError, isUnstorableText } from '../../src/persistence/unstorable-text.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { migrateDatabase } from '../support/server.js';

const NUL = 'a\u0000b';
const LONE = 'a\uD800b';

describe('unstorable text', () => {
  it('is a NUL or an unpaired surrogate, never a surrogate pair', () => {
    for (const value of [NUL, LONE, '\uDC00', 'x\uD800', '\uDBFF\uDBFF\uDC00'.slice(0, 2)]) assert.equal(isUnstorableText(value), true, JSON.stringify(value));
    for (const value of ['', 'abc', '\u{1F600}', '\uFFFD', 'é', 1, null]) assert.equal(isUnstorableText(value), false, JSON.stringify(value));
  });
});

for (const dialect of testDialects()) {
  describe(`unstorable text in statements on ${dialect}`, () => {
    let testDatabase: TestDatabase;
    let database: Database;
    const ids = async (where: (id: any) => any) =>
      (await database.db.selectFrom('hydra_jwk_lock').select('name').where(where).orderBy('name').execute()).map((row) => row.name);

    before(async () => {
      testDatabase = await createTestDatabase(dialect);
      await migrateDatabase(testDatabase.dsn);
      database = openDatabase(parseDsn(testDatabase.dsn));
      // A small table of one text key; the row the migration seeds is not this test's.
      await database.db.deleteFrom('hydra_jwk_lock').execute();
      await database.db.insertInto('hydra_jwk_lock').values([{ name: 'one', acquisitions: 0 }, { name: 'two', acquisitions: 0 }]).execute();
    });
    after(async () => {
      await database?.close();
      await testDatabase?.drop();
    });

    it('matches nothing by = and everything by <>', async () => {
      for (const value of [NUL, LONE]) {
        assert.deepEqual(await ids((eb: any) => eb('name', '=', value)), []);
        assert.deepEqual(await ids((eb: any) => eb('name', '<>', value)), ['one', 'two']);
        assert.deepEqual(await ids((eb: any) => eb.or([eb('name', '=', value), eb('name', '=', 'two')])), ['two']);
      }
    });

    it('is left out of IN and NOT IN lists, the other values still answered', async () => {
      assert.deepEqual(await ids((eb: any) => eb('name', 'in', [NUL, 'one', LONE])), ['one']);
      assert.deepEqual(await ids((eb: any) => eb('name', 'in', [NUL, LONE])), []);
      assert.deepEqual(await ids((eb: any) => eb('name', 'not in', [NUL, 'one'])), ['two']);
      assert.deepEqual(await ids((eb: any) => eb('name', 'not in', [NUL])), ['one', 'two']);
      const deleted = await database.db.deleteFrom('hydra_jwk_lock').where('name', '=', NUL).executeTakeFirst();
      assert.equal(Number(deleted.numDeletedRows), 0);
    });

    it('is refused on a write, in a transaction and in a raw statement, and nothing is written', async () => {
      await assert.rejects(database.db.insertInto('hydra_jwk_lock').values({ name: NUL, acquisitions: 0 }).execute(), UnstorableTextError);
      await assert.rejects(database.db.updateTable('hydra_jwk_lock').set({ name: LONE, acquisitions: 0 }).where('name', '=', 'one').execute(), UnstorableTextError);
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await trx.insertInto('hydra_jwk_lock').values({ name: 'three', acquisitions: 0 }).execute();
          await trx.insertInto('hydra_jwk_lock').values({ name: NUL, acquisitions: 0 }).execute();
        }),
        UnstorableTextError,
      );
      await assert.rejects(sql`select ${NUL} as x`.execute(database.db), UnstorableTextError);
      assert.deepEqual(await ids((eb: any) => eb('name', 'is not', null)), ['one', 'two']);
      // The connections are still usable afterwards.
      await database.db.transaction().execute(async (trx) => trx.insertInto('hydra_jwk_lock').values({ name: 'three', acquisitions: 0 }).execute());
      assert.deepEqual(await ids((eb: any) => eb('name', 'is not', null)), ['one', 'three', 'two']);
    });
  });
}
