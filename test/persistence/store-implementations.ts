/**
 * The implementations a storage contract runs against: the SQL stores on each database of
 * TEST_DATABASES (fresh and migrated, as Hydra's TestHelper* run on every dialect), and the
 * in-memory fakes of test/support/memory-stores/. The same suite passing on both is what makes a
 * fake honest enough for unit tests of protocol code.
 */
import { after, before, describe } from 'node:test';
import { Aead } from '../../src/crypto/aead.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { SqlAccessTokenStore } from '../../src/persistence/sql/access-token.js';
import { SqlCodeStore } from '../../src/persistence/sql/code.js';
import { SqlFlowStore } from '../../src/persistence/sql/flow.js';
import { SqlRefreshTokenStore } from '../../src/persistence/sql/refresh-token.js';
import { SqlUnitOfWork } from '../../src/persistence/sql/unit-of-work.js';
import type { TransactionStores, UnitOfWork } from '../../src/persistence/unit-of-work.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { migrateDatabase } from '../support/server.js';
import { MemoryUnitOfWork } from '../support/memory-stores/memory-unit-of-work.js';

export interface StoreImplementation {
  /** The stores outside any transaction. */
  readonly stores: TransactionStores;
  readonly unitOfWork: UnitOfWork;
  /** Registers a client: the SQL tables refuse rows of an unknown client (foreign keys). */
  addClient(id: string): Promise<void>;
}

const aead = new Aead(['a-system-secret-of-at-least-32-characters']);

/** Declares `suite` once per implementation, as `<name> on <sqlite|postgres|mysql|memory>`. */
export function describeOnEachStore(name: string, suite: (impl: () => StoreImplementation) => void): void {
  for (const dialect of testDialects()) {
    describe(`${name} on ${dialect}`, () => {
      let testDb: TestDatabase | undefined;
      let database: Database | undefined;
      let impl: StoreImplementation | undefined;
      before(async () => {
        testDb = await createTestDatabase(dialect);
        await migrateDatabase(testDb.dsn);
        const db = openDatabase(parseDsn(testDb.dsn));
        database = db;
        impl = {
          stores: {
            flows: new SqlFlowStore(db, aead),
            codes: new SqlCodeStore(db, aead),
            accessTokens: new SqlAccessTokenStore(db),
            refreshTokens: new SqlRefreshTokenStore(db, aead),
          },
          unitOfWork: new SqlUnitOfWork(db, aead),
          async addClient(id) {
            const now = Date.now();
            await db.db.insertInto('hydra_client').values({ id, client_name: id, owner: '', secret_hash: null, data: '{}', created_at: now, updated_at: now }).execute();
          },
        };
      });
      after(async () => {
        await database?.close();
        await testDb?.drop();
      });
      suite(() => {
        if (!impl) throw new Error(`the ${dialect} stores are not open yet: read them inside a hook or a test`);
        return impl;
      });
    });
  }
  describe(`${name} on memory`, () => {
    const unitOfWork = new MemoryUnitOfWork();
    const impl: StoreImplementation = { stores: unitOfWork.stores(), unitOfWork, addClient: async () => undefined };
    suite(() => impl);
  });
}
