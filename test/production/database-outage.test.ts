/**
 * The database goes away under a running server, through a TCP proxy of the test's own (the
 * database service, shared with others, is never touched): first as a crash (connections reset,
 * new ones refused), then as a partition (nothing passes, nothing is reset). Either way readiness
 * answers 503 while liveness stays 200, token, introspection and admin requests answer 503 in
 * Hydra's error shape within a bound, never 500 and never a hang; the batched writer and reader
 * fail their whole batch and stay usable; and once the proxy is restored everything serves
 * again without a restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { migrateDatabase } from '../support/server.js';
import { hasStackTrace, serveTessera, type TesseraProcess } from '../support/process.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { SECRET, seedSigningKeys, troubleIn } from './support/instances.js';
import { call, clientCredentials, createClient, introspect, type Client, type Timed } from './support/oauth-calls.js';

/** A request must answer within this while the database is away (statement timeout 8 s, connect 5 s). */
const BOUND_MS = 10_000;
const PORTS = { postgres: 5432, mysql: 3306 } as const;

function assertUnavailable(response: Timed, what: string): void {
  assert.equal(response.status, 503, `${what}: ${response.status} ${response.text}`);
  assert.equal(response.body.error, 'temporarily_unavailable', `${what}: ${response.text}`);
  assert.equal(response.body.status_code, 503, what);
  assert.equal(typeof response.body.error_description, 'string', what);
  assert.ok(!hasStackTrace(response.text), `${what}: ${response.text}`);
  assert.ok(response.ms < BOUND_MS, `${what} took ${response.ms} ms`);
}

for (const dialect of testDialects().filter((d): d is 'postgres' | 'mysql' => d in PORTS)) {
  describe(`a ${dialect} database lost behind a proxy, then restored`, () => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    let server: TesseraProcess;
    let publicUrl: string;
    let adminUrl: string;
    let client: Client;
    let issuedBefore: string;

    before(async () => {
      database = await createTestDatabase(dialect);
      await migrateDatabase(database.dsn);
      await seedSigningKeys(database.dsn);
      proxy = await new TcpProxy('127.0.0.1', PORTS[dialect]).start();
      ({ server, publicUrl, adminUrl } = await serveTessera(['all', '--dev'], { DSN: proxy.route(database.dsn), SECRETS_SYSTEM: SECRET }));
      await server.waitFor(`${adminUrl}/health/ready`);
      client = await createClient(adminUrl, 'outage-client');
      const token = await clientCredentials(publicUrl, client);
      assert.equal(token.status, 200, token.text);
      issuedBefore = token.body.access_token;
    });
    after(async () => {
      if (server) await server.stop('SIGKILL');
      await proxy?.close();
      await database?.drop();
    });

    for (const mode of ['cut', 'blackhole'] as const) {
      it(`${mode}: 503 everywhere the database is needed, promptly; alive stays 200`, async () => {
        proxy[mode]();
        // All at once, as under load: twenty token requests share one batched INSERT, the
        // introspection goes through the batched reader, and thirty admin reads want more
        // connections than the pool holds (20), so some wait for one that never frees up.
        const [publicReady, adminReady, alive, listed, seen, ...rest] = await Promise.all([
          call(`${publicUrl}/health/ready`),
          call(`${adminUrl}/health/ready`),
          call(`${adminUrl}/health/alive`),
          call(`${adminUrl}/admin/clients`),
          introspect(adminUrl, issuedBefore),
          ...Array.from({ length: 20 }, () => clientCredentials(publicUrl, client)),
          ...Array.from({ length: 30 }, () => call(`${adminUrl}/admin/clients/${client.id}`)),
        ]);
        const tokens = rest.slice(0, 20);
        rest.slice(20).forEach((read, i) => assertUnavailable(read, `admin read ${i}`));
        for (const ready of [publicReady!, adminReady!]) {
          assert.equal(ready.status, 503, ready.text);
          assert.equal(typeof ready.body.errors?.database, 'string');
          assert.ok(ready.ms < BOUND_MS, `readiness took ${ready.ms} ms`);
        }
        assert.equal(alive!.status, 200);
        assertUnavailable(listed!, 'GET /admin/clients');
        // Never "active": false for a token that may well be valid.
        assertUnavailable(seen!, 'introspection');
        tokens.forEach((token, i) => assertUnavailable(token, `token request ${i}`));
        const slowest = Math.max(...[publicReady!, adminReady!, listed!, seen!, ...rest].map((r) => r.ms));
        console.log(`# ${dialect} ${mode}: slowest 503 after ${slowest} ms`);
        // And a second wave, once the pool has given up on its connections, is no slower.
        const again = await clientCredentials(publicUrl, client);
        assertUnavailable(again, 'token request after the first wave');
        console.log(`# ${dialect} ${mode}: next 503 after ${again.ms} ms`);
        assert.ok(server.running, server.output());
      });

      it(`${mode}: serves again without a restart once the proxy is restored`, async () => {
        proxy.restore();
        const restored = Date.now();
        let token: Timed | undefined;
        while (Date.now() - restored < 30_000) {
          token = await clientCredentials(publicUrl, client);
          if (token.status === 200) break;
          assertUnavailable(token, 'token request while recovering');
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        assert.equal(token?.status, 200, token?.text);
        console.log(`# ${dialect} ${mode}: first token ${Date.now() - restored} ms after the restore`);
        assert.equal((await call(`${publicUrl}/health/ready`)).status, 200);
        assert.equal((await call(`${adminUrl}/health/ready`)).status, 200);
        const burst = await Promise.all(Array.from({ length: 20 }, () => clientCredentials(publicUrl, client)));
        for (const issued of burst) assert.equal(issued.status, 200, issued.text);
        const seen = await introspect(adminUrl, burst[0]!.body.access_token);
        assert.equal(seen.body.active, true);
        assert.equal((await introspect(adminUrl, issuedBefore)).body.active, true);
      });
    }

    it('never crashed, logged no unhandled rejection, and still stops cleanly', async () => {
      assert.ok(server.running, server.output());
      const trouble = troubleIn({ process: server, publicUrl, adminUrl });
      assert.equal(trouble, undefined);
      const exit = await server.stop('SIGTERM');
      assert.equal(exit.code, 0, server.output());
    });
  });
}
