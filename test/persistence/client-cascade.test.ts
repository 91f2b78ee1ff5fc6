/**
 * Migration 20261207000100 on each database: rows left by clients deleted before it are removed
 * and the others kept; afterwards deleting a client removes every row it holds in one statement,
 * a row naming a missing client (or flow) is refused with an error isForeignKeyViolation knows,
 * and a batch of token inserts fails only the caller whose client is gone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { Migrator } from '../../src/persistence/migrator.js';
import { migrations } from '../../src/persistence/migrations/index.js';
import { clientCascade } from '../../src/persistence/migrations/20261207000100-client-cascade.js';
import { isForeignKeyViolation } from '../../src/persistence/foreign-key-violation.js';
import type { AccessTokenRecord } from '../../src/oauth2/tokens/access-token-store.js';
import { SqlAccessTokenStore } from '../../src/persistence/sql/access-token.js';

const client = (id: string) =>
  `INSERT INTO hydra_client (id, client_name, owner, secret_hash, data, created_at, updated_at) VALUES ('${id}', '', '', NULL, '{}', 1, 1)`;
const grant = (table: string, clientId: string) =>
  `INSERT INTO ${table} (signature, request_id, client_id, subject, granted_scope, granted_audience, requested_at, expires_at, active, session_data)
   VALUES ('${table}-${clientId}', 'req-${clientId}', '${clientId}', 's', '', '[]', 1, 9999999999999, 1, '{}')`;
/** One row of every table that belongs to a client, for `clientId`. */
const holdings = (clientId: string) => [
  grant('hydra_oauth2_access', clientId),
  grant('hydra_oauth2_refresh', clientId),
  `INSERT INTO hydra_oauth2_code (signature, request_id, client_id, requested_at, expires_at, active, session_data)
   VALUES ('code-${clientId}', 'req-${clientId}', '${clientId}', 1, 9999999999999, 1, '{}')`,
  `INSERT INTO hydra_oauth2_flow (id, login_challenge, state, client_id, requested_at, expires_at, data)
   VALUES ('flow-${clientId}', 'lc-${clientId}', 'consent_used', '${clientId}', 1, 9999999999999, '{}')`,
  `INSERT INTO hydra_oauth2_consent_session (flow_id, consent_request_id, login_session_id, consent_skip, consent_expires_at)
   VALUES ('flow-${clientId}', 'req-${clientId}', 'sid-${clientId}', 0, NULL)`,
  `INSERT INTO hydra_oauth2_session_client (sid, client_id, subject, created_at) VALUES ('sid-${clientId}', '${clientId}', 's', 1)`,
  `INSERT INTO hydra_oauth2_logout_request (id, challenge, state, requested_at, expires_at, data)
   VALUES ('logout-${clientId}', 'ch-${clientId}', 'logout_initialized', 1, 9999999999999, '{"clientId":"${clientId}","subject":"s"}')`,
];
const COUNTED: [table: string, key: string, prefix: string][] = [
  ['hydra_oauth2_access', 'signature', 'hydra_oauth2_access-'],
  ['hydra_oauth2_refresh', 'signature', 'hydra_oauth2_refresh-'],
  ['hydra_oauth2_code', 'signature', 'code-'],
  ['hydra_oauth2_flow', 'id', 'flow-'],
  ['hydra_oauth2_consent_session', 'flow_id', 'flow-'],
  ['hydra_oauth2_session_client', 'sid', 'sid-'],
  ['hydra_oauth2_logout_request', 'id', 'logout-'],
];

const token = (clientId: string, signature: string): AccessTokenRecord => ({
  signature, requestId: `req-${signature}`, clientId, subject: 's', grantedScope: [], grantedAudience: [], requestedAt: 1, expiresAt: 9_999_999_999_999, active: true, sessionData: '{}',
});

for (const dialect of testDialects()) {
  describe(`client cascade on ${dialect}`, () => {
    let testDb: TestDatabase;
    let database: Database;
    const run = async (statements: string[]) => {
      for (const statement of statements) await sql.raw(statement).execute(database.db);
    };
    /** Which tables still hold a row of `clientId`. */
    const heldBy = async (clientId: string) => {
      const db = database.db as unknown as Kysely<any>;
      const held: string[] = [];
      for (const [table, key, prefix] of COUNTED) {
        if (await db.selectFrom(table).select(key).where(key, '=', `${prefix}${clientId}`).executeTakeFirst()) held.push(table);
      }
      return held;
    };
    before(async () => {
      testDb = await createTestDatabase(dialect);
      database = openDatabase(parseDsn(testDb.dsn));
    });
    after(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('removes the rows of clients deleted before it, keeps the rest, then cascades every deletion', async () => {
      await new Migrator(database, migrations.filter((m) => m.version < clientCascade.version)).up();
      await run([client('live'), client('other'), ...holdings('live'), ...holdings('other'), ...holdings('gone')]);
      await new Migrator(database).up();
      assert.deepEqual(await heldBy('gone'), []);
      const all = COUNTED.map(([table]) => table);
      assert.deepEqual(await heldBy('live'), all);
      await run([`DELETE FROM hydra_client WHERE id = 'live'`]);
      assert.deepEqual(await heldBy('live'), []);
      assert.deepEqual(await heldBy('other'), all, "another client's rows stay");
    });

    it('refuses a row whose client or flow does not exist, as a foreign key violation', async () => {
      const [access, , code, flow, consent, member, logout] = holdings('missing');
      for (const statement of [access!, code!, flow!, consent!, member!, logout!]) {
        await assert.rejects(run([statement]), (error) => {
          assert.ok(isForeignKeyViolation(error), `${statement.slice(0, 50)}: ${(error as Error).message}`);
          return true;
        });
      }
      assert.deepEqual(await heldBy('missing'), []);
    });

    it("fails only the caller whose client is gone when a batch of token inserts is refused", async () => {
      await run([client('batch-live')]);
      const store = new SqlAccessTokenStore(database);
      const [kept, refused] = await Promise.allSettled([store.create(token('batch-live', 'sig-kept')), store.create(token('batch-gone', 'sig-refused'))]);
      assert.equal(kept.status, 'fulfilled', String((kept as PromiseRejectedResult).reason));
      assert.equal(refused.status, 'rejected');
      assert.ok(isForeignKeyViolation((refused as PromiseRejectedResult).reason));
      assert.equal((await store.get('sig-kept'))?.clientId, 'batch-live');
      assert.equal(await store.get('sig-refused'), undefined);
    });
  });
}
