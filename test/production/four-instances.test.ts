/**
 * "Preparing for production": several instances behind a load balancer on one database. Hydra
 * warns that instances starting together on a fresh database may each generate keys; Tessera
 * promises that they converge on one key per set (security checklist §6) and that any instance
 * serves any step of any flow, with revocation visible everywhere at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { migrateDatabase } from '../support/server.js';
import { openDatabase, type Database } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { reservePorts, spawnInstances, stopAll, troubleIn, waitReady, type Instance } from './support/instances.js';
import { call, clientCredentials, codeFlow, createClient, introspect, postForm, basic } from './support/oauth-calls.js';

const INSTANCES = 4;
const SETS = ['hydra.openid.id-token', 'hydra.jwt.access-token'];

for (const dialect of testDialects().filter((d) => d !== 'sqlite')) {
  describe(`${INSTANCES} instances started at once on one fresh ${dialect} database`, () => {
    let database: TestDatabase;
    let db: Database;
    let instances: Instance[] = [];
    const at = (n: number) => instances[n - 1]!;

    before(async () => {
      database = await createTestDatabase(dialect);
      await migrateDatabase(database.dsn);
      db = openDatabase(parseDsn(database.dsn));
      instances = spawnInstances(await reservePorts(INSTANCES), { dsn: database.dsn });
    });
    after(async () => {
      await stopAll(instances);
      await db?.close();
      await database?.drop();
    });

    it('all become ready, none crashes, and the database holds exactly one key per signing set', async () => {
      // Each starter generates its candidate keys (RSA 4096, as Hydra) before taking the lock, so
      // four starters cost eight generations at once: seconds each on a busy 2-core machine.
      const started = Date.now();
      await waitReady(instances, 150_000);
      console.log(`# ${INSTANCES} instances ready in ${Date.now() - started} ms`);
      for (const instance of instances) assert.ok(instance.process.running, instance.process.output());
      for (const set of SETS) {
        const rows = await db.db.selectFrom('hydra_jwk').select('kid').where('sid', '=', set).execute();
        assert.equal(rows.length, 1, `${set}: ${rows.map((r) => r.kid).join(', ')}`);
      }
    });

    it('every instance serves the same keys, through its admin API and its public JWKS', async () => {
      for (const set of SETS) {
        const kids = new Set<string>();
        for (const instance of instances) {
          const keys = await call(`${instance.adminUrl}/admin/keys/${set}`);
          assert.equal(keys.status, 200, keys.text);
          assert.equal(keys.body.keys.length, 1, keys.text);
          kids.add(keys.body.keys[0].kid);
        }
        assert.equal(kids.size, 1, `${set} differs between instances: ${[...kids].join(', ')}`);
      }
      const jwks = new Set<string>();
      for (const instance of instances) {
        const published = await call(`${instance.publicUrl}/.well-known/jwks.json`);
        assert.equal(published.status, 200);
        jwks.add(published.body.keys.map((k: { kid: string }) => k.kid).sort().join(','));
      }
      assert.equal(jwks.size, 1, [...jwks].join(' | '));
    });

    it('a client created through instance 1 authenticates at once through instance 2', async () => {
      const client = await createClient(at(1).adminUrl, 'created-on-one');
      const token = await clientCredentials(at(2).publicUrl, client);
      assert.equal(token.status, 200, token.text);
      const seen = await introspect(at(3).adminUrl, token.body.access_token);
      assert.equal(seen.body.active, true);
      assert.equal(seen.body.client_id, client.id);
    });

    it('a code flow started on 1 continues on 3 and 4 and is redeemed on 2; revocation on 1 is seen by all', async () => {
      const client = await createClient(at(4).adminUrl, 'flow-across');
      const tokens = await codeFlow(
        {
          authorize: at(1).publicUrl,
          loginAdmin: at(3).adminUrl,
          loginVerifier: at(4).publicUrl,
          consentAdmin: at(1).adminUrl,
          consentVerifier: at(3).publicUrl,
          token: at(2).publicUrl,
        },
        client,
        'alice',
      );
      assert.equal(tokens.status, 200, tokens.text);
      assert.ok(tokens.body.refresh_token && tokens.body.id_token, tokens.text);
      for (const instance of instances) {
        const seen = await introspect(instance.adminUrl, tokens.body.access_token);
        assert.equal(seen.body.active, true, `${instance.adminUrl}: ${seen.text}`);
        assert.equal(seen.body.sub, 'alice');
      }
      // The ID token verifies with the JWKS of any instance (the same key everywhere).
      const kid = JSON.parse(Buffer.from(tokens.body.id_token.split('.')[0], 'base64url').toString()).kid;
      const published = await call(`${at(4).publicUrl}/.well-known/jwks.json`);
      assert.ok(published.body.keys.some((k: { kid: string }) => k.kid === kid));

      const revoked = await postForm(`${at(1).publicUrl}/oauth2/revoke`, { token: tokens.body.access_token }, basic(client.id, client.secret));
      assert.equal(revoked.status, 200, revoked.text);
      for (const instance of instances.slice(1)) {
        const seen = await introspect(instance.adminUrl, tokens.body.access_token);
        assert.equal(seen.body.active, false, `${instance.adminUrl} still sees a revoked token`);
      }
      const refreshed = await postForm(`${at(3).publicUrl}/oauth2/token`, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token }, basic(client.id, client.secret));
      assert.equal(refreshed.status, 200, `revoking the access token leaves the refresh token usable: ${refreshed.text}`);
      const chain = await postForm(`${at(2).publicUrl}/oauth2/revoke`, { token: refreshed.body.refresh_token }, basic(client.id, client.secret));
      assert.equal(chain.status, 200);
      for (const instance of instances) {
        assert.equal((await introspect(instance.adminUrl, refreshed.body.access_token)).body.active, false);
        assert.equal((await introspect(instance.adminUrl, refreshed.body.refresh_token)).body.active, false);
      }
    });

    it('left nothing alarming in any log', () => {
      for (const instance of instances) {
        assert.ok(instance.process.running, instance.process.output());
        assert.equal(troubleIn(instance), undefined);
      }
    });
  });
}
