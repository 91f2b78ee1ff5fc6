/**
 * Issue 13, tokens: live access and refresh tokens that Hydra issued come along. The Hydra
 * database of test/support/hydra-fixture (tokens.ts: rows written as Hydra writes them) is
 * imported; Tessera, started on the result with the same secrets.system, then introspects Hydra's
 * tokens active with their subject, client, scope, audience and `ext` (raw admin API and
 * @ory/hydra-client), serves /userinfo for them, revokes one, and exchanges Hydra's refresh token
 * once through oauth4webapi (a second use is reuse and kills the chain), and recognises the reuse
 * of a refresh token Hydra had already rotated. The expired and revoked tokens stay behind, and
 * Hydra's authorization code in flight (its PKCE challenge and nonce in Hydra's pkce and oidc
 * rows) is exchanged once; the used code stays behind.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { Configuration, OAuth2Api } from '@ory/hydra-client';
import { sql } from 'kysely';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { buildHydraFixture, hydraChecksum, type HydraFixture } from '../support/hydra-fixture/fixture.js';
import { HYDRA_ISSUER } from '../support/hydra-fixture/tokens.js';
import { runTessera, serveTessera, type TesseraProcess } from '../support/process.js';
import { insecure } from '../support/discover.js';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { HmacTokenStrategy } from '../../src/crypto/hmac-token.js';

const SECRET = 'hydra-tokens-system-secret-0123456';

for (const dialect of testDialects()) {
  describe(`import hydra: live tokens on ${dialect}`, () => {
    let hydra: TestDatabase;
    let target: TestDatabase;
    let fixture: HydraFixture;
    let checksum: string;
    let server: TesseraProcess | undefined;
    let publicUrl: string;
    let adminUrl: string;
    let as: oauth.AuthorizationServer;
    const importInto = (...flags: string[]) =>
      runTessera(['import', 'hydra', '--from', hydra.dsn, '-e', ...flags], { DSN: target.dsn, SECRETS_SYSTEM: SECRET });
    const introspect = async (token: string): Promise<Record<string, unknown>> => {
      const response = await fetch(`${adminUrl}/admin/oauth2/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      });
      assert.equal(response.status, 200);
      return (await response.json()) as Record<string, unknown>;
    };

    before(async () => {
      [hydra, target] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
      fixture = await buildHydraFixture(hydra.dsn, SECRET);
      checksum = await hydraChecksum(hydra.dsn);
      const migrated = await runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: target.dsn });
      assert.equal(migrated.code, 0, migrated.stderr);
    });
    after(async () => {
      if (server) await server.stop('SIGTERM');
      await Promise.all([hydra?.drop(), target?.drop()]);
    });

    it('the fixture is what Hydra writes: its tokens verify by a second route and their rows are keyed as Hydra keys them', async () => {
      const { tokens } = fixture;
      // Tessera's strategy is an implementation of fosite's HMAC independent of the fixture's.
      const strategy = new HmacTokenStrategy(['another-secret-first-in-the-list', SECRET]);
      assert.equal(strategy.validate('at', tokens.access.token), tokens.access.signature);
      assert.equal(strategy.validate('rt', tokens.refresh.token), tokens.refresh.signature);
      assert.equal(new HmacTokenStrategy(['another-secret-first-in-the-list']).validate('at', tokens.access.token), undefined);
      const database = openDatabase(parseDsn(hydra.dsn), { queryTimeoutMs: 0 });
      try {
        const sha384 = createHash('sha384').update(tokens.access.signature).digest('hex');
        const access = await sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM hydra_oauth2_access WHERE signature = ${sha384}`.execute(
          database.db,
        );
        assert.equal(Number(access.rows[0]!.n), 1);
        const refresh = await sql<
          Record<string, unknown>
        >`SELECT * FROM hydra_oauth2_refresh WHERE signature = ${tokens.refresh.signature}`.execute(database.db);
        assert.equal(refresh.rows[0]!.access_token_signature, sha384);
        assert.equal(refresh.rows[0]!.granted_scope, 'openid|offline_access|profile');
        assert.doesNotMatch(String(refresh.rows[0]!.session_data), /alice/, 'the session is sealed (encrypt_at_rest)');
      } finally {
        await database.close();
      }
    });

    it('--dry-run says what would come along and what stays behind, and writes nothing', async () => {
      const dry = await importInto('--dry-run');
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(
        dry.stdout,
        /Would copy 5 access tokens; 0 already present; 0 cannot be copied\. 1 left behind: not live \(expired, revoked or rotated away\)\./,
      );
      assert.match(dry.stdout, /Would copy 3 refresh tokens; 0 already present; 0 cannot be copied\. 1 left behind: not live/);
      assert.match(
        dry.stdout,
        /Would copy 1 authorization codes; 0 already present; 0 cannot be copied\. 1 left behind: not live \(expired, revoked or rotated away\)\./,
      );
      const database = openDatabase(parseDsn(target.dsn), { queryTimeoutMs: 0 });
      try {
        const { rows } = await sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM hydra_oauth2_access`.execute(database.db);
        assert.equal(Number(rows[0]!.n), 0);
      } finally {
        await database.close();
      }
    });

    it('imports the live tokens, exits 0 although some stay behind, and a second run copies nothing', async () => {
      const first = await importInto();
      assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
      assert.match(first.stdout, /Copied 5 access tokens; 0 already present; 0 cannot be copied\. 1 left behind: not live/);
      assert.match(first.stdout, /Copied 3 refresh tokens; 0 already present; 0 cannot be copied\. 1 left behind: not live/);
      assert.match(first.stdout, /Copied 1 authorization codes; 0 already present; 0 cannot be copied\. 1 left behind: not live/);
      assert.doesNotMatch(first.stdout + first.stderr, /ory_(at|rt|ac)_/, 'no token in the output');
      const second = await importInto();
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /Copied 0 access tokens; 5 already present/);
      assert.match(second.stdout, /Copied 0 refresh tokens; 3 already present/);
      assert.match(second.stdout, /Copied 0 authorization codes; 1 already present/);
      assert.equal(await hydraChecksum(hydra.dsn), checksum, 'the Hydra database is unchanged');
      ({ server, publicUrl, adminUrl } = await serveTessera(['all'], {
        DSN: target.dsn,
        SECRETS_SYSTEM: SECRET,
        URLS_SELF_ISSUER: HYDRA_ISSUER,
      }));
      const discovery = (await (await fetch(`${publicUrl}/.well-known/openid-configuration`)).json()) as oauth.AuthorizationServer;
      as = { ...discovery, token_endpoint: `${publicUrl}/oauth2/token`, revocation_endpoint: `${publicUrl}/oauth2/revoke` };
    });

    it("exchanges Hydra's authorization code in flight once (PKCE S256, nonce), as the client would have at Hydra", async () => {
      const { tokens } = fixture;
      const client = { client_id: tokens.app.id };
      const callback = new URL(tokens.code.redirectUri);
      callback.search = new URLSearchParams({ code: tokens.code.token, state: 'abcdefgh', iss: as.issuer }).toString();
      const params = oauth.validateAuthResponse(as, client, callback, 'abcdefgh');
      const auth = oauth.ClientSecretBasic(tokens.app.secret);
      const exchange = () =>
        oauth.authorizationCodeGrantRequest(as, client, auth, params, tokens.code.redirectUri, tokens.code.verifier, insecure);
      const granted = await oauth.processAuthorizationCodeResponse(as, client, await exchange(), {
        expectedNonce: tokens.code.nonce,
        requireIdToken: true,
      });
      assert.equal(granted.scope, tokens.scope.join(' '));
      assert.ok(granted.refresh_token, 'offline_access was granted');
      const claims = oauth.getValidatedIdTokenClaims(granted)!;
      assert.equal(claims.sub, tokens.subject);
      assert.equal(claims.email, tokens.idTokenClaims.email);
      const introspected = await introspect(granted.access_token);
      assert.equal(introspected.active, true);
      assert.deepEqual(introspected.ext, tokens.ext);
      assert.deepEqual(introspected.aud, tokens.audience);
      const again = await exchange();
      assert.equal(again.status, 400);
      assert.equal(((await again.json()) as Record<string, unknown>).error, 'invalid_grant');
    });

    it("introspects Hydra's access and refresh tokens active, with sub, client, scope, aud and ext", async () => {
      const { tokens } = fixture;
      const access = await introspect(tokens.access.token);
      assert.equal(access.active, true, JSON.stringify(access));
      assert.equal(access.sub, tokens.subject);
      assert.equal(access.client_id, tokens.app.id);
      assert.equal(access.scope, tokens.scope.join(' '));
      assert.deepEqual(access.aud, tokens.audience);
      assert.deepEqual(access.ext, tokens.ext);
      assert.equal(access.token_use, 'access_token');
      assert.equal(access.obfuscated_subject, undefined);
      assert.ok(Number(access.exp) > Date.now() / 1000 + 50 * 60, 'the expiry came along');

      const sdk = new OAuth2Api(new Configuration({ basePath: adminUrl }));
      const { data } = await sdk.introspectOAuth2Token({ token: tokens.access.token });
      assert.equal(data.active, true);
      assert.equal(data.sub, tokens.subject);
      assert.deepEqual(data.ext, tokens.ext);

      const refresh = await introspect(tokens.refresh.token);
      assert.equal(refresh.active, true, JSON.stringify(refresh));
      assert.equal(refresh.token_use, 'refresh_token');
      assert.equal(refresh.sub, tokens.subject);
      assert.equal(refresh.client_id, tokens.app.id);

      for (const cc of [tokens.clientCredentials, tokens.clientCredentialsRawKey]) {
        const introspected = await introspect(cc.token);
        assert.equal(introspected.active, true, JSON.stringify(introspected));
        assert.equal(introspected.client_id, fixture.pbkdf2.id);
        assert.equal(introspected.sub, fixture.pbkdf2.id);
        assert.equal(introspected.scope, 'read');
        assert.deepEqual(introspected.aud, tokens.audience);
      }
      const jwt = await introspect(tokens.jwt);
      assert.equal(jwt.active, true, `Hydra's JWT access token, signed by the imported key: ${JSON.stringify(jwt)}`);
      assert.equal(jwt.client_id, fixture.bcrypt.id);
      assert.deepEqual(jwt.ext, { plan: 'gold' });
      assert.deepEqual(await introspect(tokens.expired.token), { active: false });
      assert.deepEqual(await introspect(tokens.code.token), { active: false });
      assert.deepEqual(await introspect(tokens.revokedRefresh.token), { active: false });
      assert.deepEqual(await introspect(tokens.rotated.old.token), { active: false }, 'rotated at Hydra: no longer active');
      assert.equal((await introspect(tokens.rotated.refresh.token)).active, true);
    });

    it("serves /userinfo for Hydra's access token from the consent's ID token claims", async () => {
      const response = await fetch(`${publicUrl}/userinfo`, { headers: { authorization: `Bearer ${fixture.tokens.access.token}` } });
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(response.status, 200, JSON.stringify(body));
      assert.equal(body.sub, fixture.tokens.subject);
      assert.equal(body.email, fixture.tokens.idTokenClaims.email);
    });

    it('revokes an imported token (RFC 7009)', async () => {
      const client = { client_id: fixture.pbkdf2.id };
      const token = fixture.tokens.clientCredentials.token;
      const response = await oauth.revocationRequest(as, client, oauth.ClientSecretBasic(fixture.pbkdf2.secret), token, insecure);
      await oauth.processRevocationResponse(response);
      assert.deepEqual(await introspect(token), { active: false });
      assert.equal((await introspect(fixture.tokens.clientCredentialsRawKey.token)).active, true, 'another token of the client lives on');
    });

    it("exchanges Hydra's refresh token once; the second use is reuse and revokes the chain", async () => {
      const { tokens } = fixture;
      const client = { client_id: tokens.app.id };
      const auth = oauth.ClientSecretBasic(tokens.app.secret);
      const response = await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh.token, insecure);
      const renewed = await oauth.processRefreshTokenResponse(as, client, response);
      assert.match(renewed.access_token, /^ory_at_/);
      assert.notEqual(renewed.refresh_token, tokens.refresh.token);
      assert.equal(renewed.scope, tokens.scope.join(' '));
      const claims = oauth.getValidatedIdTokenClaims(renewed);
      assert.equal(claims?.sub, tokens.subject);
      assert.equal(claims?.email, tokens.idTokenClaims.email, "the consent's ID token claims came along");
      const introspected = await introspect(renewed.access_token);
      assert.equal(introspected.active, true);
      assert.deepEqual(introspected.ext, tokens.ext);
      assert.deepEqual(introspected.aud, tokens.audience);
      assert.deepEqual(await introspect(tokens.access.token), { active: false }, "rotation revoked Hydra's access token");

      const reused = await fetch(`${publicUrl}/oauth2/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${tokens.app.id}:${tokens.app.secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh.token }),
      });
      const refused = (await reused.json()) as Record<string, unknown>;
      assert.equal(reused.status, 400);
      assert.equal(refused.error, 'invalid_grant');
      assert.match(String(refused.error_hint), /re-use was detected/);
      assert.deepEqual(await introspect(renewed.access_token), { active: false });
      assert.deepEqual(await introspect(renewed.refresh_token!), { active: false });
    });

    it('a refresh token Hydra already rotated is still recognised: its reuse at Tessera revokes the grant', async () => {
      const { tokens } = fixture;
      const refresh = (token: string) =>
        fetch(`${publicUrl}/oauth2/token`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${tokens.app.id}:${tokens.app.secret}`).toString('base64')}`,
          },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token }),
        });
      const reused = await refresh(tokens.rotated.old.token);
      const body = (await reused.json()) as Record<string, unknown>;
      assert.equal(reused.status, 400);
      assert.equal(body.error, 'invalid_grant');
      assert.match(String(body.error_hint), /re-use was detected/);
      assert.deepEqual(await introspect(tokens.rotated.access.token), { active: false });
      assert.deepEqual(await introspect(tokens.rotated.refresh.token), { active: false });
      const revoked = await refresh(tokens.revokedRefresh.token);
      assert.equal(revoked.status, 400);
      assert.equal(((await revoked.json()) as Record<string, unknown>).error, 'invalid_grant');
    });
  });
}
