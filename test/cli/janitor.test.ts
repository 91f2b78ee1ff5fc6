/**
 * `janitor` through the built CLI against a database a real server wrote. The janitor runs in its
 * own process on the real clock, so the rows are made realistic instead: old tokens are issued
 * while the server's injected clock stands two hours back (they expired an hour ago), one client
 * has a 1s lifespan, some tokens are revoked through the API, and the rest stay live.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { hasStackTrace, runCli } from './cli-runner.js';

const HOUR = 3_600_000;
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string) => ({ ...form, authorization: `Basic ${Buffer.from(`${id}:${id}-secret`).toString('base64')}` });

for (const dialect of testDialects()) {
  describe(`janitor on ${dialect}`, () => {
    let database: TestDatabase;
    let server: TestServer;
    let sql: Database;
    let offset = -2 * HOUR;
    const live: string[] = [];

    const issue = async (id: string): Promise<string> => {
      const response = await request('POST', `${server.publicUrl}/oauth2/token`, 'grant_type=client_credentials', basic(id));
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body.access_token as string;
    };
    const rows = async () =>
      (sql.db as unknown as Kysely<any>).selectFrom('hydra_oauth2_access').select(['client_id', 'active', 'expires_at']).execute();
    const active = async (token: string): Promise<boolean> =>
      (await request('POST', `${server.adminUrl}/admin/oauth2/introspect`, `token=${encodeURIComponent(token)}`, form)).body.active;

    before(async () => {
      database = await createTestDatabase(dialect);
      server = await startTestServer({ dsn: database.dsn, now: () => Date.now() + offset });
      sql = openDatabase(parseDsn(database.dsn));
      for (const [id, lifespan] of [['hour-client', '1h'], ['second-client', '1s']]) {
        const created = await request('POST', `${server.adminUrl}/admin/clients`, {
          client_id: id,
          client_secret: `${id}-secret`,
          grant_types: ['client_credentials'],
          client_credentials_grant_access_token_lifespan: lifespan,
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
      }
      for (let i = 0; i < 3; i++) await issue('hour-client'); // issued 2h ago: expired 1h ago
      offset = 0;
      for (let i = 0; i < 2; i++) {
        const token = await issue('hour-client');
        const revoked = await request('POST', `${server.publicUrl}/oauth2/revoke`, `token=${token}`, basic('hour-client'));
        assert.equal(revoked.status, 200);
      }
      for (let i = 0; i < 2; i++) live.push(await issue('hour-client'));
      await issue('second-client'); // expires on the real clock in one second
      assert.equal((await rows()).length, 8);
    });
    after(async () => {
      await sql?.close();
      await server?.close();
      await database?.drop();
    });

    it('refuses to run without --tokens, --requests or --grants, or without a DSN', async () => {
      const noKind = await runCli(['janitor', database.dsn]);
      assert.notEqual(noKind.code, 0);
      assert.match(noKind.stderr, /Janitor requires at least one of --tokens, --requests or --grants/);
      const noDsn = await runCli(['janitor', '--tokens'], { env: { DSN: '' } });
      assert.notEqual(noDsn.code, 0);
      assert.match(noDsn.stderr, /A DSN is required as a positional argument/);
      const emptyEnv = await runCli(['janitor', '-e', '--tokens'], { env: { DSN: '' } });
      assert.notEqual(emptyEnv.code, 0);
      assert.match(emptyEnv.stderr, /DSN environment variable is not set/);
      const badLimit = await runCli(['janitor', '--tokens', '--limit', '0', database.dsn]);
      assert.notEqual(badLimit.code, 0);
      assert.match(badLimit.stderr, /greater than 0/);
      for (const result of [noKind, noDsn, emptyEnv, badLimit]) assert.ok(!hasStackTrace(result.stderr), result.stderr);
      assert.equal((await rows()).length, 8);
    });

    it('keeps everything younger than --keep-if-younger', async () => {
      const result = await runCli(['janitor', '--tokens', '--keep-if-younger', '3h', database.dsn]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, 'Removed 0 access tokens.\nSuccessfully completed Janitor run on access tokens\nRemoved 0 refresh tokens.\nSuccessfully completed Janitor run on refresh tokens\nRemoved 0 assertion jtis.\nSuccessfully completed Janitor run on assertion jtis\n');
      assert.equal((await rows()).length, 8);
    });

    it('removes no more than --limit rows, oldest first', async () => {
      const result = await runCli(['janitor', '--tokens', '--keep-if-younger', '1h', '--limit', '2', database.dsn]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^Removed 2 access tokens\.\n/);
      const left = await rows();
      assert.equal(left.length, 6);
      // One of the three expired an hour ago is left; the revoked ones are younger than 1h.
      assert.equal(left.filter((row) => Number(row.expires_at) < Date.now() - HOUR / 2).length, 1);
      assert.equal(left.filter((row) => Number(row.active) === 0).length, 2);
    });

    it('with -e reads $DSN and removes every expired and revoked token, in batches', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the 1s token expires
      const result = await runCli(['janitor', '-e', '--tokens', '--batch-size', '1'], { env: { DSN: database.dsn }, as: 'hydra' });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, 'Removed 4 access tokens.\nSuccessfully completed Janitor run on access tokens\nRemoved 0 refresh tokens.\nSuccessfully completed Janitor run on refresh tokens\nRemoved 0 assertion jtis.\nSuccessfully completed Janitor run on assertion jtis\n');
      const left = await rows();
      assert.equal(left.length, 2);
      assert.ok(left.every((row) => row.client_id === 'hour-client' && Number(row.active) === 1 && Number(row.expires_at) > Date.now()));
      for (const token of live) assert.equal(await active(token), true, 'live tokens still introspect as active');
    });

    it('cleans login and consent requests, codes and expired trust relationships', async () => {
      const result = await runCli(['janitor', '--requests', '--grants', database.dsn]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^Removed 0 login and consent requests\.\n/m);
      assert.match(result.stdout, /^Removed 0 authorization codes\.\n/m);
      assert.match(result.stdout, /^Removed 0 trust relationships\.\n/m);
      assert.equal((await rows()).length, 2);
    });
  });
}
