/**
 * Issue 13 step 1: `tessera import hydra --from <hydra DSN>` against a Hydra v26 database built
 * as Hydra writes it (test/support/hydra-fixture), on each database. After the import Tessera,
 * started with the same secrets.system, serves the clients with their old secrets (PBKDF2 and
 * bcrypt, through oauth4webapi), the same fields on the admin API, the same signing keys (kids
 * in /.well-known/jwks.json, a JWT access token signed by the imported key) and the trust
 * relationship (a JWT-bearer grant). A dry run writes nothing, a second run copies nothing, and
 * the Hydra database is byte for byte unchanged.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { SignJWT, createLocalJWKSet, decodeProtectedHeader, importJWK, jwtVerify, type JSONWebKeySet } from 'jose';
import { sql } from 'kysely';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { buildHydraFixture, hydraChecksum, hydraSeal, type HydraFixture } from '../support/hydra-fixture/fixture.js';
import { hasStackTrace, runTessera, serveTessera } from '../support/process.js';
import { insecure } from '../support/discover.js';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { SecretHasher } from '../../src/crypto/secret-hasher.js';
import { Aead } from '../../src/crypto/aead.js';

const SECRET = 'hydra-import-system-secret-0123456';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

async function counts(dsn: string): Promise<Record<string, number>> {
  const database = openDatabase(parseDsn(dsn), { queryTimeoutMs: 0 });
  try {
    const out: Record<string, number> = {};
    for (const table of ['hydra_client', 'hydra_jwk', 'hydra_oauth2_trusted_jwt_bearer_issuer']) {
      const { rows } = await sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(database.db);
      out[table] = Number(rows[0]!.n);
    }
    return out;
  } finally {
    await database.close();
  }
}

for (const dialect of testDialects()) {
  describe(`import hydra on ${dialect}`, () => {
    let hydra: TestDatabase;
    let target: TestDatabase;
    let fixture: HydraFixture;
    let checksum: string;
    const importInto = (...flags: string[]) =>
      runTessera(['import', 'hydra', '--from', hydra.dsn, '-e', ...flags], { DSN: target.dsn, SECRETS_SYSTEM: SECRET });

    before(async () => {
      [hydra, target] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
      fixture = await buildHydraFixture(hydra.dsn, SECRET);
      checksum = await hydraChecksum(hydra.dsn);
      const migrated = await runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: target.dsn });
      assert.equal(migrated.code, 0, migrated.stderr);
    });
    after(async () => Promise.all([hydra?.drop(), target?.drop()]));

    it('the fixture is what Hydra writes: its PBKDF2 and bcrypt hashes verify by a second route', async () => {
      const hasher = new SecretHasher({ algorithm: 'pbkdf2', pbkdf2Iterations: 25_000, bcryptCost: 10 });
      assert.match(fixture.pbkdf2.hash, /^\$pbkdf2-sha256\$i=25000,l=32\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
      assert.match(fixture.bcrypt.hash, /^\$2a\$10\$/);
      assert.ok(await hasher.verify(fixture.pbkdf2.secret, fixture.pbkdf2.hash));
      assert.ok(await hasher.verify(fixture.bcrypt.secret, fixture.bcrypt.hash));
      assert.ok(!(await hasher.verify(`${fixture.pbkdf2.secret}x`, fixture.pbkdf2.hash)));
      // Hydra's sealing (padded base64 URL encoding, no additional data) opens with Tessera's AEAD.
      const sealed = hydraSeal('{"kty":"oct"}', SECRET);
      assert.match(sealed, /^[A-Za-z0-9_-]+=*$/);
      assert.equal(new Aead(['rotated-away-secret-0123456789', SECRET]).openText(sealed), '{"kty":"oct"}');
      assert.throws(() => new Aead(['another-secret-0123456789abc']).openText(sealed));
    });

    it('--dry-run reports what would be copied and writes nothing', async () => {
      const result = await importInto('--dry-run');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Hydra schema version: 20251202130532000001 \(Hydra v26\.2\.0\)/);
      assert.match(result.stdout, /Would copy 4 clients; 0 already present; 0 cannot be copied\./);
      assert.match(result.stdout, /Would copy 3 keys; 0 already present; 0 cannot be copied\./);
      assert.match(result.stdout, /Would copy 1 trust relationships; 0 already present/);
      assert.doesNotMatch(result.stdout, /Not imported yet/);
      assert.match(result.stdout, /Dry run: nothing was written\./);
      assert.deepEqual(await counts(target.dsn), { hydra_client: 0, hydra_jwk: 0, hydra_oauth2_trusted_jwt_bearer_issuer: 0 });
    });

    it('another secrets.system is refused before anything is written, dry or not', async () => {
      for (const dry of [['--dry-run'], []]) {
        const result = await runTessera(['import', 'hydra', '--from', hydra.dsn, '-e', ...dry], {
          DSN: target.dsn,
          SECRETS_SYSTEM: 'not-the-secret-hydra-ran-with-0000',
        });
        assert.equal(result.code, 1, result.stdout);
        assert.match(
          result.stderr,
          /secrets\.system \(SECRETS_SYSTEM\) opens none of Hydra's keys \(\d+ tried in hydra_jwk\).+Nothing was copied\./,
        );
        assert.doesNotMatch(result.stdout, /Copied|Would copy/);
      }
      assert.deepEqual(await counts(target.dsn), { hydra_client: 0, hydra_jwk: 0, hydra_oauth2_trusted_jwt_bearer_issuer: 0 });
    });

    it('imports, and a second run copies nothing and duplicates nothing', async () => {
      const first = await importInto();
      assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
      assert.match(first.stdout, /Copied 4 clients; 0 already present; 0 cannot be copied\./);
      assert.match(first.stdout, /Copied 3 keys; 0 already present/);
      assert.match(first.stdout, /Copied 1 trust relationships; 0 already present/);
      assert.match(first.stderr, /Reading clients: 4\/4/);
      const after = await counts(target.dsn);
      assert.deepEqual(after, { hydra_client: 4, hydra_jwk: 3, hydra_oauth2_trusted_jwt_bearer_issuer: 1 });
      const second = await importInto();
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /Copied 0 clients; 4 already present/);
      assert.match(second.stdout, /Copied 0 keys; 3 already present/);
      assert.match(second.stdout, /Copied 0 trust relationships; 1 already present/);
      assert.deepEqual(await counts(target.dsn), after);
      assert.equal(await hydraChecksum(hydra.dsn), checksum, 'the Hydra database is unchanged');

      // A run cut short leaves some rows copied and some not: the next run copies the rest.
      const database = openDatabase(parseDsn(target.dsn), { queryTimeoutMs: 0 });
      try {
        await sql`DELETE FROM hydra_client WHERE id = ${fixture.bcrypt.id}`.execute(database.db);
        await sql`DELETE FROM hydra_oauth2_trusted_jwt_bearer_issuer`.execute(database.db);
        await sql`DELETE FROM hydra_jwk WHERE kid = ${fixture.idTokenKid}`.execute(database.db);
      } finally {
        await database.close();
      }
      const resumed = await importInto();
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stdout, /Copied 1 clients; 3 already present/);
      assert.match(resumed.stdout, /Copied 1 keys; 2 already present/);
      assert.match(resumed.stdout, /Copied 1 trust relationships; 0 already present/);
      assert.deepEqual(await counts(target.dsn), after);
    });

    it('serves the imported clients, keys and trust relationship with the same secrets.system', async () => {
      const { server, publicUrl, adminUrl } = await serveTessera(['all'], { DSN: target.dsn, SECRETS_SYSTEM: SECRET });
      try {
        const discovery = (await (await fetch(`${publicUrl}/.well-known/openid-configuration`)).json()) as {
          issuer: string;
          token_endpoint: string;
        };
        const as: oauth.AuthorizationServer = { issuer: discovery.issuer, token_endpoint: `${publicUrl}/oauth2/token` };

        // Old secrets, both hash formats, through a real OAuth 2.0 client library.
        const pbkdf2 = { client_id: fixture.pbkdf2.id };
        const response = await oauth.clientCredentialsGrantRequest(
          as,
          pbkdf2,
          oauth.ClientSecretBasic(fixture.pbkdf2.secret),
          new URLSearchParams({ scope: 'read' }),
          insecure,
        );
        const token = await oauth.processClientCredentialsResponse(as, pbkdf2, response);
        assert.ok(token.access_token);
        assert.equal(token.expires_in, 1800, "the client's client_credentials lifespan (30m) came along");
        const bcryptClient = { client_id: fixture.bcrypt.id };
        const jwtResponse = await oauth.clientCredentialsGrantRequest(
          as,
          bcryptClient,
          oauth.ClientSecretPost(fixture.bcrypt.secret),
          new URLSearchParams(),
          insecure,
        );
        const jwtToken = await oauth.processClientCredentialsResponse(as, bcryptClient, jwtResponse);
        const wrong = await oauth.clientCredentialsGrantRequest(
          as,
          pbkdf2,
          oauth.ClientSecretBasic('not-the-secret'),
          new URLSearchParams(),
          insecure,
        );
        assert.equal(wrong.status, 401);

        // The same keys: published under the same kids, and the JWT access token signed by Hydra's key.
        const jwks = (await (await fetch(`${publicUrl}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
        const kids = jwks.keys.map((key) => key.kid);
        assert.ok(kids.includes(fixture.idTokenKid), `${fixture.idTokenKid} in ${kids.join(', ')}`);
        assert.ok(kids.includes(fixture.accessTokenKid), `${fixture.accessTokenKid} in ${kids.join(', ')}`);
        assert.equal(decodeProtectedHeader(jwtToken.access_token).kid, fixture.accessTokenKid);
        const verified = await jwtVerify(jwtToken.access_token, createLocalJWKSet(jwks));
        assert.equal(verified.payload.client_id, fixture.bcrypt.id);

        // The admin API shows Hydra's fields.
        const client = (await (await fetch(`${adminUrl}/admin/clients/${fixture.pbkdf2.id}`)).json()) as Record<string, unknown>;
        assert.equal(client.client_name, 'PBKDF2 client');
        assert.equal(client.scope, 'read write');
        assert.deepEqual(client.audience, ['https://api.example.com']);
        assert.deepEqual(client.metadata, { team: 'payments', tier: 2 });
        assert.deepEqual(client.contacts, ['ops@example.com']);
        assert.equal(client.owner, 'owner-1');
        assert.equal(client.subject_type, 'public');
        assert.equal(client.client_credentials_grant_access_token_lifespan, '30m0s');
        assert.equal(client.token_endpoint_auth_method, 'client_secret_basic');
        assert.equal((client.jwks as { keys: { kid: string }[] }).keys.length, 1);
        assert.equal(client.client_secret, undefined);
        const publicClient = (await (await fetch(`${adminUrl}/admin/clients/${fixture.publicClientId}`)).json()) as Record<string, unknown>;
        assert.equal(publicClient.token_endpoint_auth_method, 'none');
        assert.equal(publicClient.skip_consent, true);
        assert.deepEqual(publicClient.redirect_uris, ['https://app.example.com/callback']);
        assert.equal(publicClient.authorization_code_grant_refresh_token_lifespan, '720h0m0s');
        assert.deepEqual(publicClient.metadata, { kind: 'spa' });

        // The trust relationship: listed, and a JWT-bearer grant by the trusted issuer works.
        const trusts = (await (await fetch(`${adminUrl}/admin/trust/grants/jwt-bearer/issuers`)).json()) as Record<string, unknown>[];
        assert.equal(trusts.length, 1);
        assert.equal(trusts[0]!.id, fixture.trust.id);
        assert.deepEqual(trusts[0]!.scope, fixture.trust.scope);
        const now = Math.floor(Date.now() / 1000);
        const assertion = await new SignJWT({
          iss: fixture.trust.issuer,
          sub: fixture.trust.subject,
          aud: discovery.token_endpoint,
          iat: now,
          exp: now + 300,
          jti: randomUUID(),
        })
          .setProtectedHeader({ alg: 'RS256', kid: fixture.trust.kid })
          .sign(await importJWK(fixture.trust.privateJwk, 'RS256'));
        const grant = await fetch(`${publicUrl}/oauth2/token`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${fixture.pbkdf2.id}:${fixture.pbkdf2.secret}`).toString('base64')}`,
          },
          body: new URLSearchParams({ grant_type: JWT_BEARER, assertion, scope: 'read' }),
        });
        const granted = (await grant.json()) as Record<string, unknown>;
        assert.equal(grant.status, 200, JSON.stringify(granted));
        assert.equal(granted.scope, 'read');
      } finally {
        assert.equal((await server.stop('SIGTERM')).code, 0, server.output());
      }
      assert.equal(await hydraChecksum(hydra.dsn), checksum, 'the Hydra database is unchanged');
    });

    it('refuses an unknown Hydra schema version by name, and a target that is not migrated', async () => {
      const older = await createTestDatabase(dialect);
      const empty = await createTestDatabase(dialect);
      try {
        await buildHydraFixture(older.dsn, SECRET);
        const database = openDatabase(parseDsn(older.dsn), { queryTimeoutMs: 0 });
        try {
          await sql`DELETE FROM schema_migration WHERE version > '20211004110001000000'`.execute(database.db);
        } finally {
          await database.close();
        }
        const refused = await runTessera(['import', 'hydra', '--from', older.dsn, '-e'], { DSN: target.dsn, SECRETS_SYSTEM: SECRET });
        assert.equal(refused.code, 1, refused.stdout);
        assert.match(
          refused.stderr,
          /schema version 20211004110001000000 is older than Hydra v2\.0\.0 .*upgrade Hydra to v2\.0\.0 or later/,
        );
        assert.ok(!hasStackTrace(refused.stderr), refused.stderr);
        const unmigrated = await runTessera(['import', 'hydra', '--from', hydra.dsn, '-e'], { DSN: empty.dsn, SECRETS_SYSTEM: SECRET });
        assert.equal(unmigrated.code, 1, unmigrated.stdout);
        assert.match(unmigrated.stderr, /migrate sql up/);
        // The empty database (its SQLite file now exists) given as --from.
        const notHydra = await runTessera(['import', 'hydra', '--from', empty.dsn, '-e'], { DSN: target.dsn, SECRETS_SYSTEM: SECRET });
        assert.equal(notHydra.code, 1, notHydra.stdout);
        assert.match(notHydra.stderr, /^The --from database is not a Hydra database/);
      } finally {
        await Promise.all([older.drop(), empty.drop()]);
      }
    });
  });
}
