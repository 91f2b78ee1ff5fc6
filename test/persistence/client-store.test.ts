/**
 * ClientStore conformance: the one SQL implementation behaves the same on every dialect, directly,
 * without HTTP. Round trip of every field, secret hash kept or replaced, conflicts mapped, keyset
 * pages in one bytewise id order, filters, and deletes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SqlClientStore } from '../../src/persistence/sql/client.js';
import { isOAuthError } from '../../src/core/errors.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { migrateDatabase } from '../support/server.js';
import { clientModel as client } from '../support/client-model.js';

for (const dialect of testDialects()) {
  describe(`ClientStore on ${dialect}`, () => {
    let testDb: TestDatabase;
    let database: Database;
    let store: SqlClientStore;
    before(async () => {
      testDb = await createTestDatabase(dialect);
      await migrateDatabase(testDb.dsn);
      database = openDatabase(parseDsn(testDb.dsn));
      store = new SqlClientStore(database);
    });
    after(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('stores a client and reads back every field with its secret hash', async () => {
      const full = client('round-trip', {
        client_name: 'Ünïcode ✓ name',
        metadata: { nested: { list: [1, 'two', null] } },
        jwks_uri: 'https://example.com/jwks.json',
        skip_logout_consent: false,
        access_token_strategy: 'jwt',
        client_credentials_grant_access_token_lifespan: '1h0m0s',
        created_at: 1_700_000_123_000,
        updated_at: 1_800_000_000_000,
      });
      await store.create(full, '$pbkdf2-sha256$i=25000,l=32$c2FsdA$aGFzaA');
      const found = await store.get('round-trip');
      assert.deepEqual(found, { client: full, secretHash: '$pbkdf2-sha256$i=25000,l=32$c2FsdA$aGFzaA' });
      assert.equal(typeof found!.client.created_at, 'number');
      assert.equal(await store.get('absent'), undefined);
    });

    it('keeps a sealed secret beside the client: set on create, kept, replaced or cleared on update, gone with the client', async () => {
      await store.create(client('sealed'), 'hash', 'sealed-1');
      assert.equal(await store.sealedSecret('sealed'), 'sealed-1');
      assert.equal(await store.update(client('sealed', { client_name: 'renamed' })), true);
      assert.equal(await store.sealedSecret('sealed'), 'sealed-1', 'undefined keeps it');
      assert.equal(await store.update(client('sealed'), undefined, 'sealed-2'), true);
      assert.equal(await store.sealedSecret('sealed'), 'sealed-2');
      assert.equal(await store.update(client('sealed'), undefined, null), true);
      assert.equal(await store.sealedSecret('sealed'), null, 'null clears it');
      assert.equal(await store.update(client('sealed'), undefined, 'sealed-3'), true);
      assert.equal(await store.update(client('sealed-absent'), undefined, 'sealed-x'), false, 'no row for a client that does not exist');
      assert.equal(await store.sealedSecret('sealed-absent'), undefined);
      await store.create(client('unsealed'), 'hash');
      assert.equal(await store.sealedSecret('unsealed'), null);
      assert.equal(await store.delete('sealed'), true);
      const rows = await database.db.selectFrom('hydra_client_sealed_secret').select('client_id').where('client_id', '=', 'sealed').execute();
      assert.deepEqual(rows, []);
    });

    it('maps a duplicate id to 409 conflict', async () => {
      await store.create(client('taken'), null);
      await assert.rejects(store.create(client('taken'), null), (error) => isOAuthError(error) && error.statusCode === 409);
    });

    it('updates in place, keeping the hash unless a new one is given, and created_at always', async () => {
      await store.create(client('upd'), 'hash-1');
      const changed = client('upd', { client_name: 'changed', owner: 'owner-2', created_at: 1, updated_at: 1_900_000_000_000 });
      assert.equal(await store.update(changed), true);
      let found = await store.get('upd');
      assert.equal(found!.secretHash, 'hash-1');
      assert.equal(found!.client.client_name, 'changed');
      assert.equal(found!.client.created_at, 1_700_000_000_000);
      assert.equal(found!.client.updated_at, 1_900_000_000_000);
      // An update that changes nothing still finds the row (MySQL must count matched rows).
      assert.equal(await store.update(changed), true);
      assert.equal(await store.update(changed, 'hash-2'), true);
      found = await store.get('upd');
      assert.equal(found!.secretHash, 'hash-2');
      assert.equal(await store.update(changed, null), true);
      assert.equal((await store.get('upd'))!.secretHash, null);
      assert.equal(await store.update(client('never-created')), false);
    });

    it('deletes, answering whether something was there', async () => {
      await store.create(client('gone'), null);
      assert.equal(await store.delete('gone'), true);
      assert.equal(await store.get('gone'), undefined);
      assert.equal(await store.delete('gone'), false);
    });

    it('pages by id in bytewise order with filters', async () => {
      const ids = ['p-B', 'p-a', 'p-b', 'p-Z', 'p-é', 'p-0'];
      for (const id of ids) await store.create(client(id, { owner: 'pager', client_name: id === 'p-a' ? 'special' : 'plain' }), null);
      const expected = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const seen: string[] = [];
      let after = '';
      for (;;) {
        const page = await store.list({ after, limit: 4, owner: 'pager' });
        seen.push(...page.map((c) => c.client_id));
        if (page.length < 4) break;
        after = page[page.length - 1]!.client_id;
      }
      assert.deepEqual(seen, expected);
      assert.deepEqual((await store.list({ after: '', limit: 10, owner: 'pager', clientName: 'special' })).map((c) => c.client_id), ['p-a']);
      assert.deepEqual(await store.list({ after: '', limit: 10, owner: 'nobody' }), []);
      assert.deepEqual(await store.list({ after: 'p-é', limit: 10, owner: 'pager' }), []);
    });

    it('keeps long names and owners (TEXT columns) filterable', async () => {
      const name = 'n'.repeat(600);
      await store.create(client('long', { client_name: name, owner: 'o'.repeat(400) }), null);
      const page = await store.list({ after: '', limit: 5, clientName: name });
      assert.deepEqual(page.map((c) => c.client_id), ['long']);
      assert.equal(page[0]!.owner.length, 400);
    });
  });
}
