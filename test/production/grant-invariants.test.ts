/**
 * The invariants of support/grant-invariants.ts would prove nothing if they could not fail: each
 * half-written state that a crash between two statements used to leave is planted here, and
 * must be reported by name; a clean database reports nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { migrateDatabase } from '../support/server.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { brokenInvariants } from './support/grant-invariants.js';

const grant = (table: string, signature: string, requestId: string, scope: string, extra = '') =>
  `INSERT INTO ${table} (signature, request_id, client_id, subject, granted_scope, granted_audience, requested_at, expires_at, active, session_data${extra ? ', access_token_signature' : ''})
   VALUES ('${signature}', '${requestId}', 'c', 's', '${scope}', '', 1, 9999999999999, 1, '{}'${extra ? `, '${extra}'` : ''})`;
const code = (signature: string, requestId: string, active: number) =>
  `INSERT INTO hydra_oauth2_code (signature, request_id, client_id, requested_at, expires_at, active, session_data)
   VALUES ('${signature}', '${requestId}', 'c', 1, 9999999999999, ${active}, '{}')`;

for (const dialect of testDialects()) {
  describe(`the grant invariants on ${dialect}`, () => {
    let database: TestDatabase;
    let db: Database;
    const run = async (statements: string[]) => {
      for (const statement of statements) await sql.raw(statement).execute(db.db);
    };
    before(async () => {
      database = await createTestDatabase(dialect);
      await migrateDatabase(database.dsn);
      db = openDatabase(parseDsn(database.dsn));
      // Every grant row belongs to a client (foreign keys of migration 20261207000100).
      await run([`INSERT INTO hydra_client (id, client_name, owner, secret_hash, data, created_at, updated_at) VALUES ('c', '', '', NULL, '{}', 1, 1)`]);
    });
    after(async () => {
      await db?.close();
      await database?.drop();
    });

    it('hold for a whole grant: a used code, its access token and its refresh token', async () => {
      await run([code('code-ok', 'req-ok', 0), grant('hydra_oauth2_access', 'at-ok', 'req-ok', 'offline_access read'), grant('hydra_oauth2_refresh', 'rt-ok', 'req-ok', 'offline_access read', 'at-ok')]);
      assert.deepEqual(await brokenInvariants(db), {});
    });

    it('report each half-written grant by name', async () => {
      await run([
        code('code-used-alone', 'req-a', 0),
        code('code-b', 'req-b', 0),
        grant('hydra_oauth2_access', 'at-b', 'req-b', 'offline_access read'),
        grant('hydra_oauth2_refresh', 'rt-c', 'req-ok', 'offline_access read', 'at-missing'),
        `INSERT INTO hydra_oauth2_flow (id, login_challenge, state, client_id, requested_at, expires_at, data)
         VALUES ('flow-bad', 'lc', 'consent_used', 'c', 1, 9999999999999, '{}')`,
      ]);
      const broken = await brokenInvariants(db);
      assert.deepEqual(Object.keys(broken).sort(), [
        'a flow whose step secrets do not match its state',
        'a grant with two live refresh tokens',
        'a refresh token without the access token issued with it',
        'a used code issued no access token',
        'an access token of a code grant with offline access has no refresh token',
      ]);
    });
  });
}
