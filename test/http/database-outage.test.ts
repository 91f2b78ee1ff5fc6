/**
 * A database that goes away under a running server, then comes back. The server runs as its own
 * process (so a crash shows as an exit, not as a failed test runner); only the test's own
 * database (PostgreSQL) or the test's own user (MariaDB) is cut off, never the service.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { migrateDatabase } from '../support/server.js';
import { hasStackTrace, serveTessera, type TesseraProcess } from '../support/process.js';
import { seedSigningKeys } from '../support/signing-keys.js';
import { mysqlOutage, postgresOutage, type Outage } from '../support/outage.js';

const SECRET = 'outage-test-system-secret-0123456789';
/** Generous: the pool's connect timeout is 5 s; a request must never wait for the query timeout or longer. */
const BOUND_MS = 10_000;

async function timed(url: string, init: RequestInit = {}): Promise<{ status: number; body: any; text: string; ms: number }> {
  const started = Date.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    assert.fail(`expected JSON from ${url}, got ${response.status}: ${text.slice(0, 200)}`);
  }
  return { status: response.status, body, text, ms: Date.now() - started };
}

const outages: Record<string, (database: TestDatabase) => Promise<Outage>> = { postgres: postgresOutage, mysql: mysqlOutage };

for (const dialect of testDialects().filter((d) => d in outages)) {
  describe(`a ${dialect} database that goes away and comes back`, () => {
    let database: TestDatabase;
    let outage: Outage;
    let server: TesseraProcess;
    let adminUrl: string;
    let publicUrl: string;
    before(async () => {
      database = await createTestDatabase(dialect);
      await migrateDatabase(database.dsn);
      await seedSigningKeys(database.dsn, [SECRET]);
      outage = await outages[dialect]!(database);
      ({ server, adminUrl, publicUrl } = await serveTessera(['all'], { DSN: outage.dsn, SECRETS_SYSTEM: SECRET }));
    });
    after(async () => {
      await outage?.restore().catch(() => undefined);
      if (server) await server.stop('SIGKILL');
      await outage?.cleanup();
      await database?.drop();
    });

    it('serves normally before the outage', async () => {
      assert.equal((await timed(`${adminUrl}/health/ready`)).status, 200);
      assert.equal((await timed(`${adminUrl}/admin/clients`)).status, 200);
      const created = await timed(`${adminUrl}/admin/clients`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: 'before-outage', grant_types: ['client_credentials'] }),
      });
      assert.equal(created.status, 201, created.text);
    });

    it('answers 503 on readiness and a 5xx OAuth error on database routes, promptly, and keeps running', async () => {
      await outage.cut();
      const ready = await timed(`${publicUrl}/health/ready`);
      assert.equal(ready.status, 503);
      assert.equal(typeof ready.body.errors?.database, 'string');
      assert.ok(ready.ms < BOUND_MS, `readiness took ${ready.ms}ms`);

      for (const [method, url, body] of [
        ['GET', `${adminUrl}/admin/clients`],
        ['GET', `${adminUrl}/admin/clients/before-outage`],
        ['POST', `${adminUrl}/admin/clients`, JSON.stringify({ grant_types: ['client_credentials'] })],
        ['DELETE', `${adminUrl}/admin/clients/before-outage`],
      ] as const) {
        const init: RequestInit = body ? { method, body, headers: { 'content-type': 'application/json' } } : { method };
        const response = await timed(url, init);
        assert.ok(response.status >= 500, `${method} ${url}: ${response.status} ${response.text}`);
        assert.equal(response.status, 503, `${method} ${url}: ${response.text}`);
        assert.equal(response.body.error, 'temporarily_unavailable');
        assert.equal(response.body.status_code, response.status);
        assert.equal(typeof response.body.error_description, 'string');
        assert.ok(!hasStackTrace(response.text), response.text);
        assert.ok(response.ms < BOUND_MS, `${method} ${url} took ${response.ms}ms`);
      }
      assert.ok(server.running, `the server exited:\n${server.output()}`);
    });

    it('serves again on the very next request once the database is back', async () => {
      await outage.restore();
      const listed = await timed(`${adminUrl}/admin/clients`);
      assert.equal(listed.status, 200, listed.text);
      assert.deepEqual(listed.body.map((c: { client_id: string }) => c.client_id), ['before-outage'], 'nothing half-written');
      assert.equal((await timed(`${adminUrl}/health/ready`)).status, 200);
      assert.equal((await timed(`${publicUrl}/health/ready`)).status, 200);
      assert.ok(server.running);
    });

    it('fails a request whose query is in flight when the connection dies, then recovers', async () => {
      const release = await outage.lockClients();
      try {
        const inFlight = timed(`${adminUrl}/admin/clients/before-outage`);
        await new Promise((resolve) => setTimeout(resolve, 500)); // the query now waits on the lock
        await outage.cut();
        const response = await inFlight;
        assert.equal(response.status, 503, response.text);
        assert.equal(response.body.error, 'temporarily_unavailable');
        assert.ok(!hasStackTrace(response.text), response.text);
        assert.ok(response.ms < BOUND_MS + 500, `the in-flight request took ${response.ms}ms`);
        assert.ok(server.running, `the server exited:\n${server.output()}`);
      } finally {
        await release();
        await outage.restore();
      }
      const again = await timed(`${adminUrl}/admin/clients/before-outage`);
      assert.equal(again.status, 200, again.text);
    });

    it('still shuts down cleanly on SIGTERM', async () => {
      const exit = await server.stop('SIGTERM');
      assert.equal(exit.code, 0, server.output());
    });
  });
}
