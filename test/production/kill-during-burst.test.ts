/**
 * kill -9 in the middle of a burst (security-checklist.md §6: "anything issued is committed before
 * the response ... nothing is half-written"). A real server process takes client_credentials
 * requests and complete code flows with refresh tokens, concurrently, and is killed without
 * warning; after a restart on the same database, every token whose response arrived is active
 * with the right client, subject and scope, every refresh token that arrived (and was not
 * superseded by a refresh whose answer was lost) still refreshes, and the tables hold no
 * half-written grant (support/grant-invariants.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { migrateDatabase } from '../support/server.js';
import { serveTessera, type TesseraProcess } from '../support/process.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { SECRET, seedSigningKeys } from './support/instances.js';
import { clientCredentials, codeFlow, createClient, introspect, refresh, type Client, type FlowRoute } from './support/oauth-calls.js';
import { brokenInvariants } from './support/grant-invariants.js';

const CC_WORKERS = 12;
const FLOW_WORKERS = 6;
const SCOPE = 'openid offline_access read';

interface Received {
  access: string;
  refresh?: string;
  subject?: string;
  /** A refresh request whose answer never came: the pair above may or may not still be current. */
  superseded?: boolean;
}

for (const dialect of testDialects().filter((d) => d !== 'sqlite')) {
  describe(`kill -9 during a burst on ${dialect}`, () => {
    let database: TestDatabase;
    let db: Database;
    let server: TesseraProcess;
    let client: Client;
    const received: { cc: Received[]; flows: Received[] } = { cc: [], flows: [] };

    before(async () => {
      database = await createTestDatabase(dialect);
      await migrateDatabase(database.dsn);
      await seedSigningKeys(database.dsn);
      db = openDatabase(parseDsn(database.dsn));
    });
    after(async () => {
      if (server) await server.stop('SIGKILL');
      await db?.close();
      await database?.drop();
    });

    it('issues under load until the process is killed without warning', async () => {
      let publicUrl: string;
      let adminUrl: string;
      ({ server, publicUrl, adminUrl } = await serveTessera(['all', '--dev'], { DSN: database.dsn, SECRETS_SYSTEM: SECRET, URLS_LOGIN: 'http://127.0.0.1:5556/login', URLS_CONSENT: 'http://127.0.0.1:5556/consent' }));
      await server.waitFor(`${adminUrl}/health/ready`);
      client = await createClient(adminUrl, 'burst-client');
      const route: FlowRoute = { authorize: publicUrl, loginAdmin: adminUrl, loginVerifier: publicUrl, consentAdmin: adminUrl, consentVerifier: publicUrl, token: publicUrl };
      let killed = false;
      const ccWorker = async () => {
        while (!killed) {
          const token = await clientCredentials(publicUrl, client).catch(() => undefined);
          if (token?.status === 200) received.cc.push({ access: token.body.access_token });
          else if (!killed) assert.fail(`client_credentials failed before the kill: ${token?.text}`);
        }
      };
      const flowWorker = async (worker: number) => {
        for (let n = 0; !killed; n++) {
          const subject = `user-${worker}-${n}`;
          const tokens = await codeFlow(route, client, subject, SCOPE).catch((error: unknown) => (killed ? undefined : Promise.reject(error)));
          if (!tokens) return;
          if (tokens.status !== 200) return assert.ok(killed, `code exchange failed before the kill: ${tokens.text}`);
          const pair: Received = { access: tokens.body.access_token, refresh: tokens.body.refresh_token, subject };
          received.flows.push(pair);
          const next = await refresh(publicUrl, client, pair.refresh!).catch(() => undefined);
          if (next?.status === 200) {
            pair.access = next.body.access_token;
            pair.refresh = next.body.refresh_token;
          } else if (killed) {
            pair.superseded = true;
          } else {
            assert.fail(`refresh failed before the kill: ${next?.text}`);
          }
        }
      };
      const load = Promise.all([...Array.from({ length: CC_WORKERS }, ccWorker), ...Array.from({ length: FLOW_WORKERS }, (_, i) => flowWorker(i))]);
      const started = Date.now();
      while (Date.now() - started < 20_000 && (received.cc.length < 100 || received.flows.length < 2 * FLOW_WORKERS)) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      killed = true;
      server.child.kill('SIGKILL');
      await load;
      const exit = await server.exited;
      assert.equal(exit.signal, 'SIGKILL');
      console.log(`# killed after ${received.cc.length} client_credentials tokens and ${received.flows.length} code flows`);
      assert.ok(received.cc.length > 0 && received.flows.length > 0, 'the burst issued tokens before the kill');
    });

    it('after a restart, every token received is active with its client, subject and scope', async () => {
      let adminUrl: string;
      let publicUrl: string;
      ({ server, adminUrl, publicUrl } = await serveTessera(['all', '--dev'], { DSN: database.dsn, SECRETS_SYSTEM: SECRET }));
      await server.waitFor(`${adminUrl}/health/ready`);
      for (const token of received.cc) {
        const seen = await introspect(adminUrl, token.access);
        assert.equal(seen.body.active, true, `a client_credentials token was answered but not kept: ${seen.text}`);
        assert.equal(seen.body.client_id, client.id);
        assert.equal(seen.body.scope, 'read');
      }
      const current = received.flows.filter((pair) => !pair.superseded);
      for (const pair of current) {
        const seen = await introspect(adminUrl, pair.access);
        assert.equal(seen.body.active, true, `a code-flow token was answered but not kept: ${seen.text}`);
        assert.equal(seen.body.client_id, client.id);
        assert.equal(seen.body.sub, pair.subject);
        assert.equal(seen.body.scope, SCOPE);
      }
      for (const pair of current) {
        const next = await refresh(publicUrl, client, pair.refresh!);
        assert.equal(next.status, 200, `a refresh token that was answered does not refresh: ${next.text}`);
        assert.equal((await introspect(adminUrl, next.body.access_token)).body.sub, pair.subject);
      }
      console.log(`# checked ${received.cc.length} + ${current.length} tokens (${received.flows.length - current.length} with a refresh lost in flight)`);
    });

    it('holds no half-written grant', async () => {
      assert.deepEqual(await brokenInvariants(db), {});
      const codes = await db.db.selectFrom('hydra_oauth2_code' as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.ok(Number((codes as { n: unknown }).n) >= received.flows.length);
    });
  });
}
