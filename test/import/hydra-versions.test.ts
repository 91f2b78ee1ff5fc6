/**
 * Issue 13: the import reads every Hydra v2 layout, not only v26's. One Hydra fixture per
 * database is imported as v26.2.0 writes it, then taken back release by release (v2.2.0, v2.1.2,
 * v2.0.3: test/support/hydra-fixture/layouts.ts drops the columns each did not have yet) and
 * imported again into a fresh Tessera database each time. Every import yields the same clients,
 * keys and trust relationships; the fields an older release cannot hold come out as Hydra's
 * defaults. On PostgreSQL the source is also given as cockroach:// (Hydra's scheme for
 * CockroachDB, read over the PostgreSQL protocol).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { buildHydraFixture, hydraChecksum, type HydraFixture } from '../support/hydra-fixture/fixture.js';
import { downgradeHydraFixture, OLDER_HYDRA_LAYOUTS } from '../support/hydra-fixture/layouts.js';
import { runTessera } from '../support/process.js';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { Aead } from '../../src/crypto/aead.js';
import { fromRow } from '../../src/client/client-row.js';
import { keyAdditionalData } from '../../src/persistence/sql/key.js';
import type { ClientRow } from '../../src/persistence/tables.js';

const SECRET = 'hydra-versions-system-secret-01234';

interface Imported {
  clients: Record<string, unknown>[];
  keys: Record<string, unknown>[];
  trusts: Record<string, unknown>[];
}

/** What Tessera holds after an import: clients as its model reads them, keys opened, trust rows. */
async function imported(dsn: string): Promise<Imported> {
  const database = openDatabase(parseDsn(dsn), { queryTimeoutMs: 0 });
  const db = database.db as unknown as Kysely<any>;
  const aead = new Aead([SECRET]);
  try {
    const clients = (await db.selectFrom('hydra_client').selectAll().orderBy('id').execute()) as ClientRow[];
    const keys = await db.selectFrom('hydra_jwk').select(['sid', 'kid', 'keydata', 'signing', 'created_at']).orderBy('kid').execute();
    const { rows: trusts } = await sql<Record<string, unknown>>`SELECT * FROM hydra_oauth2_trusted_jwt_bearer_issuer ORDER BY id`.execute(db);
    return {
      clients: clients.map((row) => ({
        ...(fromRow(row) as unknown as Record<string, unknown>),
        secret_hash: row.secret_hash,
        rotated_secrets: row.rotated_secrets ?? null,
      })),
      keys: keys.map(({ keydata, ...key }) => ({
        ...key,
        signing: Number(key.signing),
        created_at: Number(key.created_at),
        jwk: JSON.parse(aead.openText(String(keydata), keyAdditionalData(String(key.sid), String(key.kid)))),
      })),
      trusts: trusts.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))),
    };
  } finally {
    await database.close();
  }
}

/** `clients` as an older release holds them: `columns` gone, each read as Hydra's default. */
function without(clients: Record<string, unknown>[], columns: readonly string[]): Record<string, unknown>[] {
  return clients.map((client) => {
    const copy = { ...client };
    for (const column of columns) {
      if (column === 'skip_consent') copy.skip_consent = false;
      else delete copy[column];
    }
    return copy;
  });
}

for (const dialect of testDialects()) {
  describe(`import hydra from every Hydra v2 layout on ${dialect}`, () => {
    let hydra: TestDatabase;
    let fixture: HydraFixture;
    const targets: TestDatabase[] = [];

    async function importFrom(from: string): Promise<{ stdout: string; imported: Imported }> {
      const target = await createTestDatabase(dialect);
      targets.push(target);
      const migrated = await runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: target.dsn });
      assert.equal(migrated.code, 0, migrated.stderr);
      const result = await runTessera(['import', 'hydra', '--from', from, '-e'], { DSN: target.dsn, SECRETS_SYSTEM: SECRET });
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /Copied 4 clients; 0 already present; 0 cannot be copied\./);
      assert.match(result.stdout, /Copied 3 keys; 0 already present; 0 cannot be copied\./);
      assert.match(result.stdout, /Copied 1 trust relationships; 0 already present; 0 cannot be copied\./);
      return { stdout: result.stdout, imported: await imported(target.dsn) };
    }

    before(async () => {
      hydra = await createTestDatabase(dialect);
      fixture = await buildHydraFixture(hydra.dsn, SECRET);
      // Values in the columns older releases lack, so that their absence shows.
      const database = openDatabase(parseDsn(hydra.dsn), { queryTimeoutMs: 0 });
      try {
        await sql`UPDATE hydra_client SET skip_logout_consent = ${1} WHERE id = ${fixture.publicClientId}`.execute(database.db);
        await sql`UPDATE hydra_client SET device_authorization_grant_access_token_lifespan = ${'600000000000'}
          WHERE id = ${fixture.pbkdf2.id}`.execute(database.db);
      } finally {
        await database.close();
      }
    });
    after(async () => Promise.all([hydra?.drop(), ...targets.map((target) => target.drop())]));

    it('reads v26.2.0, then v2.2.0, v2.1.2 and v2.0.3: the same clients, keys and trust relationships', async () => {
      const v26 = await importFrom(hydra.dsn);
      assert.match(v26.stdout, /Hydra schema version: 20251202130532000001 \(Hydra v26\.2\.0\)/);
      const byId = Object.fromEntries(v26.imported.clients.map((client) => [client.client_id, client]));
      // The v26 columns came along (the v2.0.3 import below shows them gone).
      assert.equal(byId[fixture.bcrypt.id]!.access_token_strategy, 'jwt');
      assert.equal(byId[fixture.publicClientId]!.skip_consent, true);
      assert.equal(byId[fixture.publicClientId]!.skip_logout_consent, true);
      assert.equal(byId[fixture.pbkdf2.id]!.device_authorization_grant_access_token_lifespan, '10m0s');
      assert.equal(byId[fixture.pbkdf2.id]!.secret_hash, fixture.pbkdf2.hash);
      assert.deepEqual(v26.imported.keys.map((key) => key.kid).sort(), [fixture.idTokenKid, fixture.accessTokenKid, fixture.trust.kid].sort());
      assert.equal(v26.imported.trusts.length, 1);

      let gone: string[] = [];
      for (const layout of OLDER_HYDRA_LAYOUTS) {
        await downgradeHydraFixture(hydra.dsn, layout.release);
        const checksum = await hydraChecksum(hydra.dsn);
        gone = [...gone, ...layout.clientColumnsAdded];
        const older = await importFrom(hydra.dsn);
        assert.match(older.stdout, new RegExp(`Hydra schema version: ${layout.newest} \\(Hydra [^)]*${layout.release.replace(/\./g, '\\.')}`));
        assert.deepEqual(older.imported.clients, without(v26.imported.clients, gone), `clients from Hydra ${layout.release}`);
        assert.deepEqual(older.imported.keys, v26.imported.keys, `keys from Hydra ${layout.release}`);
        assert.deepEqual(older.imported.trusts, v26.imported.trusts, `trust relationships from Hydra ${layout.release}`);
        assert.equal(await hydraChecksum(hydra.dsn), checksum, 'the Hydra database is unchanged');
      }
      // v2.0.3 has none of the later client columns: Hydra's defaults came instead.
      const last = await imported(targets.at(-1)!.dsn);
      const publicClient = last.clients.find((client) => client.client_id === fixture.publicClientId)!;
      assert.equal(publicClient.skip_consent, false);
      assert.equal(publicClient.skip_logout_consent, undefined);
      assert.equal(last.clients.find((client) => client.client_id === fixture.bcrypt.id)!.access_token_strategy, undefined);

      if (dialect === 'postgres') {
        // Hydra names CockroachDB cockroach://; the same reader runs over the PostgreSQL protocol.
        const cockroach = await importFrom(hydra.dsn.replace(/^postgres(ql)?:/, 'cockroach:'));
        assert.match(cockroach.stdout, /Hydra schema version: 20221109000010000001 \(Hydra v2\.0\.2 or v2\.0\.3\)/);
        assert.deepEqual(cockroach.imported, last);
      }
    });

    it('refuses a schema version no Hydra release ends at, naming the releases around it', async () => {
      const database = openDatabase(parseDsn(hydra.dsn), { queryTimeoutMs: 0 });
      try {
        // Hydra v2.0.3's migrations and 20230220000000000000_access_token_strategy, the first of v2.1.0's, alone.
        await sql`DELETE FROM schema_migration WHERE version > '20221109000010000001'`.execute(database.db);
        await sql`INSERT INTO schema_migration (version, version_self) VALUES ('20230220000000000000', 0)`.execute(database.db);
      } finally {
        await database.close();
      }
      const target = await createTestDatabase(dialect);
      targets.push(target);
      await runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: target.dsn });
      const refused = await runTessera(['import', 'hydra', '--from', hydra.dsn, '-e', '--dry-run'], { DSN: target.dsn, SECRETS_SYSTEM: SECRET });
      assert.equal(refused.code, 1, refused.stdout);
      assert.match(
        refused.stderr,
        /schema version 20230220000000000000 is not where any Hydra release ends \(it lies between 20221109000010000001, Hydra v2\.0\.2 or v2\.0\.3, and 20230313112801000001, Hydra v2\.1\.0 or v2\.1\.1\)/,
      );

      // Hydra's tables without popx's schema_migration: the release cannot be told.
      const again = openDatabase(parseDsn(hydra.dsn), { queryTimeoutMs: 0 });
      try {
        await sql`DROP TABLE schema_migration`.execute(again.db);
      } finally {
        await again.close();
      }
      const unknown = await runTessera(['import', 'hydra', '--from', hydra.dsn, '-e', '--dry-run'], { DSN: target.dsn, SECRETS_SYSTEM: SECRET });
      assert.equal(unknown.code, 1, unknown.stdout);
      assert.match(unknown.stderr, /^The --from database has Hydra's tables but no schema_migration table/);
    });
  });
}
