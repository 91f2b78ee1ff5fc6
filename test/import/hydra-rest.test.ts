/**
 * Issue 13, the last kinds Hydra keeps, after `tessera import hydra` with the same secrets.system:
 * - a dynamically registered client still manages itself at /oauth2/register/{id} (RFC 7592) with
 *   the registration access token Hydra gave it (read through @ory/hydra-client's OidcApi, update
 *   and delete over fetch); a token of another client, or a made-up one, is refused.
 * On each database.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, OidcApi } from '@ory/hydra-client';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { buildHydraFixture, hydraChecksum } from '../support/hydra-fixture/fixture.js';
import { writeRegisteredClient, type RegisteredHydraClient } from '../support/hydra-fixture/registration.js';
import { fositeToken } from '../support/hydra-fixture/tokens.js';
import { request } from '../support/http.js';
import { runTessera, serveTessera, type TesseraProcess } from '../support/process.js';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';

const SECRET = 'hydra-import-system-secret-0123456';

/** Writes the rows of this file's kinds into the fixture's Hydra database, as Hydra would. */
async function withHydraDb<T>(dsn: string, work: (db: Kysely<unknown>) => Promise<T>): Promise<T> {
  const database = openDatabase(parseDsn(dsn), { queryTimeoutMs: 0 });
  try {
    return await work(database.db as unknown as Kysely<unknown>);
  } finally {
    await database.close();
  }
}

for (const dialect of testDialects()) {
  describe(`import hydra: registration access tokens on ${dialect}`, () => {
    let hydra: TestDatabase;
    let target: TestDatabase;
    let registered: RegisteredHydraClient;
    let server: TesseraProcess | undefined;
    let publicUrl: string;
    let checksum: string;
    const importInto = (...flags: string[]) =>
      runTessera(['import', 'hydra', '--from', hydra.dsn, '-e', ...flags], { DSN: target.dsn, SECRETS_SYSTEM: SECRET });
    const manage = (method: string, id: string, token: string, body?: unknown) =>
      request(method, `${publicUrl}/oauth2/register/${encodeURIComponent(id)}`, body, { authorization: `Bearer ${token}` });

    before(async () => {
      [hydra, target] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
      await buildHydraFixture(hydra.dsn, SECRET);
      registered = await withHydraDb(hydra.dsn, async (db) => {
        const { rows } = await sql<{ nid: string }>`SELECT id AS nid FROM networks`.execute(db);
        return writeRegisteredClient(db, rows[0]!.nid, SECRET, Date.now());
      });
      checksum = await hydraChecksum(hydra.dsn);
      const migrated = await runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: target.dsn });
      assert.equal(migrated.code, 0, migrated.stderr);
      const imported = await importInto();
      assert.equal(imported.code, 0, `${imported.stdout}\n${imported.stderr}`);
      assert.doesNotMatch(imported.stdout, /Not imported yet:.*registration/);
      ({ server, publicUrl } = await serveTessera(['all'], {
        DSN: target.dsn,
        SECRETS_SYSTEM: SECRET,
        OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'true',
      }));
    });
    after(async () => {
      await server?.stop();
      await Promise.all([hydra?.drop(), target?.drop()]);
    });

    it('the registrant reads its client with the token Hydra gave it (OidcApi), and nobody else can', async () => {
      const api = new OidcApi(new Configuration({ basePath: publicUrl, accessToken: registered.registrationToken }));
      const { data } = await api.getOidcDynamicClient({ id: registered.id });
      assert.equal(data.client_id, registered.id);
      assert.equal(data.client_name, 'Registered app');
      assert.equal(data.client_secret, undefined, 'never the secret');
      // The same client with a token Hydra never gave it, or another client's token: refused alike.
      for (const token of [fositeToken('at', SECRET).token, `${registered.registrationToken}x`, fositeToken('at', 'another-secret-0123456789abcdef').token]) {
        const refused = await manage('GET', registered.id, token);
        assert.equal(refused.status, 401, JSON.stringify(refused.body));
        assert.equal(refused.body.error, 'request_unauthorized');
      }
      const other = await manage('GET', 'hydra-pbkdf2-client', registered.registrationToken);
      assert.equal(other.status, 401, 'an admin-made client has no registration token');
      assert.equal(await hydraChecksum(hydra.dsn), checksum, 'the Hydra database is unchanged');
    });

    it('updates with it (which spends it for a new one), then deletes with the new one', async () => {
      const updated = await manage('PUT', registered.id, registered.registrationToken, {
        client_name: 'Registered app, renamed',
        redirect_uris: ['https://registered.example.com/cb'],
        grant_types: ['authorization_code', 'client_credentials'],
        response_types: ['code'],
        scope: 'openid',
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.client_name, 'Registered app, renamed');
      const next = updated.body.registration_access_token as string;
      assert.match(next, /^ory_at_/);
      const spent = await manage('GET', registered.id, registered.registrationToken);
      assert.equal(spent.status, 401, 'the token Hydra gave is spent by the update');
      const removed = await manage('DELETE', registered.id, next);
      assert.equal(removed.status, 204, JSON.stringify(removed.body));
      const gone = await manage('GET', registered.id, next);
      assert.equal(gone.status, 401);
    });
  });
}
