import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { TEST_SECRET, startTestServer, type TestServer } from '../support/server.js';
import { request } from '../support/http.js';

const NEW_SECRET = 'new-secret-abcdefghijklmnopqrstuvwxyz';

for (const dialect of testDialects()) {
  describe(`secrets.system and stored keys on ${dialect}`, () => {
    let database: TestDatabase;
    let server: TestServer | undefined;
    const start = async (secrets: string) => {
      server = await startTestServer({ dsn: database.dsn, env: { SECRETS_SYSTEM: secrets } });
      return server;
    };
    const stop = async () => {
      await server?.close();
      server = undefined;
    };
    const keyCount = async () => {
      const db = openDatabase(parseDsn(database.dsn));
      try {
        return (await db.db.selectFrom('hydra_jwk').select('kid').execute()).length;
      } finally {
        await db.close();
      }
    };

    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(async () => {
      await stop();
      await database?.drop();
    });

    it('keeps keys usable across a rotation, and refuses to start with a secret that opens none', async () => {
      const first = await start(TEST_SECRET);
      const idToken = (await request('GET', `${first.adminUrl}/admin/keys/hydra.openid.id-token`)).body;
      const custom = (await request('POST', `${first.adminUrl}/admin/keys/custom`, { alg: 'ES256', kid: 'old', use: 'sig' })).body;
      await stop();

      // Rotation: the new secret first seals, the old one after it still opens.
      const rotated = await start(`${NEW_SECRET},${TEST_SECRET}`);
      assert.deepEqual((await request('GET', `${rotated.adminUrl}/admin/keys/hydra.openid.id-token`)).body, idToken);
      assert.deepEqual((await request('GET', `${rotated.adminUrl}/admin/keys/custom`)).body, custom);
      const jwks = (await request('GET', `${rotated.publicUrl}/.well-known/jwks.json`)).body;
      assert.ok(jwks.keys.some((k: { kid: string }) => k.kid === idToken.keys[0].kid));
      assert.equal((await rotated.registry.keys.signingKey('hydra.openid.id-token')).kid, idToken.keys[0].kid);
      assert.equal((await request('POST', `${rotated.adminUrl}/admin/keys/custom`, { alg: 'ES256', kid: 'new', use: 'sig' })).status, 201);
      await stop();
      const stored = await keyCount();

      // Without the secret that sealed them, the server must not start at all.
      for (const secrets of ['wrong-secret-abcdefghijklmnopqrstuvwxyz', NEW_SECRET, TEST_SECRET]) {
        await assert.rejects(start(secrets), (error: Error) => {
          assert.match(error.message, /secrets\.system/);
          assert.match(error.message, /SECRETS_SYSTEM/);
          assert.doesNotMatch(error.message, /abcdefghijklmnopqrstuvwxyz|0123456789/, 'no secret in the message');
          return true;
        });
        assert.equal(server, undefined);
      }
      assert.equal(await keyCount(), stored, 'a refused start generated nothing');

      // Both secrets again: everything opens.
      const again = await start(`${TEST_SECRET},${NEW_SECRET}`);
      assert.equal((await request('GET', `${again.adminUrl}/admin/keys/custom`)).body.keys.length, 2);
    });
  });
}
