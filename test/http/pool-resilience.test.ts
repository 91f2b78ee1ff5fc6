/**
 * The pools under a request: a connection whose server session dies while a transaction holds
 * it must fail that transaction (as "unavailable", so 503) and nothing else. In particular no
 * 'error' event may reach a client without a listener, which would end the whole process.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { createConnection } from 'mysql2/promise';
import { MYSQL_URL, POSTGRES_URL, createTestDatabase, testDialects } from '../support/databases.js';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { isDatabaseUnavailable } from '../../src/persistence/unavailable.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const killers: Record<string, { idQuery: string; kill: (id: number) => Promise<void> }> = {
  postgres: {
    idQuery: 'select pg_backend_pid() as id',
    kill: async (id) => {
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [id]).finally(() => admin.end());
    },
  },
  mysql: {
    idQuery: 'select connection_id() as id',
    kill: async (id) => {
      const admin = await createConnection({ uri: MYSQL_URL });
      await admin.query(`KILL CONNECTION ${Number(id)}`).finally(() => admin.end());
    },
  },
};

for (const dialect of testDialects().filter((d) => d in killers)) {
  describe(`the ${dialect} pool when a session dies inside a transaction`, () => {
    it('fails that transaction as unavailable, keeps the process alive, and serves the next query', async () => {
      const testDb = await createTestDatabase(dialect);
      const poolErrors: Error[] = [];
      const database = openDatabase(parseDsn(testDb.dsn), { onPoolError: (error) => poolErrors.push(error) });
      const uncaught: unknown[] = [];
      const onUncaught = (error: unknown) => uncaught.push(error);
      process.on('uncaughtException', onUncaught);
      try {
        const transaction = database.db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ id: number }>`${sql.raw(killers[dialect]!.idQuery)}`.execute(trx);
          await killers[dialect]!.kill(Number(rows[0]!.id));
          await sleep(300); // the session's end arrives now, while the transaction holds the connection
          await sql`select 1`.execute(trx);
        });
        await assert.rejects(transaction, (error: unknown) => {
          assert.ok(isDatabaseUnavailable(error), `not classified as unavailable: ${String(error)}`);
          return true;
        });
        assert.deepEqual(uncaught, []);
        await database.ping();
        if (dialect === 'postgres') assert.ok(poolErrors.length >= 1, 'the lost session was reported to the pool listener');
      } finally {
        process.off('uncaughtException', onUncaught);
        await database.close();
        await testDb.drop();
      }
    });
  });
}
