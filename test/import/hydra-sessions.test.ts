/**
 * Issue 13: nobody logged out. After `tessera import hydra`, with the same secrets.system, a
 * browser holding Hydra's own login-session cookie (built here as gorilla/sessions builds it,
 * test/support/hydra-fixture/sessions.ts) is recognised at /oauth2/auth: the login app is told
 * skip with the same subject, and the consent Hydra remembered is skipped too. The consent is
 * listed and revoked on the admin API (@ory/hydra-client), after which the consent UI returns;
 * login sessions are revoked by subject and by sid; an expired session and a cookie under another
 * secret are not honoured. Flows in flight are reported, in the run and the dry run, and do not
 * fail it. On each database.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { sql } from 'kysely';
import type { OAuth2Api } from '@ory/hydra-client';
import { createTestDatabase, testDialects, type TestDatabase } from '../support/databases.js';
import { buildHydraFixture, hydraChecksum } from '../support/hydra-fixture/fixture.js';
import { SESSIONS, hydraSessionCookie } from '../support/hydra-fixture/sessions.js';
import { freePort, runTessera, serveTessera, type TesseraProcess } from '../support/process.js';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Browser, authorizeUrl, insecure, login, pkce, sdk, startLogin } from '../flow/support.js';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';
import { runJanitor } from '../../src/janitor/janitor.js';
import { expiredImportedLoginSessions } from '../../src/persistence/sql/janitor-targets.js';
import { importHydra } from '../../src/import/hydra/import-hydra.js';
import { consents } from '../../src/import/hydra/kinds/consents.js';
import { openHydraSource } from '../../src/import/hydra/source.js';
import { Aead } from '../../src/crypto/aead.js';

const SECRET = 'hydra-import-system-secret-0123456';
const COOKIE = 'ory_hydra_session';

async function count(dsn: string, table: string): Promise<number> {
  const database = openDatabase(parseDsn(dsn), { queryTimeoutMs: 0 });
  try {
    const { rows } = await sql<{ n: unknown }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(database.db);
    return Number(rows[0]!.n);
  } finally {
    await database.close();
  }
}

for (const dialect of testDialects()) {
  describe(`import hydra: login sessions and consents on ${dialect}`, () => {
    let hydra: TestDatabase;
    let target: TestDatabase;
    let checksum: string;
    const importInto = (...flags: string[]) =>
      runTessera(['import', 'hydra', '--from', hydra.dsn, '-e', ...flags], { DSN: target.dsn, SECRETS_SYSTEM: SECRET });

    before(async () => {
      [hydra, target] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
      await buildHydraFixture(hydra.dsn, SECRET);
      checksum = await hydraChecksum(hydra.dsn);
      const migrated = await runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: target.dsn });
      assert.equal(migrated.code, 0, migrated.stderr);
    });
    after(async () => Promise.all([hydra?.drop(), target?.drop()]));

    it('--dry-run reports the sessions and consents it would copy and the flows in flight, and writes nothing', async () => {
      const result = await importInto('--dry-run');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Would copy 4 login sessions; 0 already present; 0 cannot be copied\./);
      assert.match(result.stdout, /Would copy 1 consents; 0 already present; 1 cannot be copied\./);
      assert.match(result.stdout, new RegExp(`Cannot copy consent ${SESSIONS.inFlightChallenge}: in flight: the user retries the login\\.`));
      assert.match(result.stdout, /Would copy 0 logout requests; 0 already present; 1 finished in Hydra \(nothing to carry over\); 1 cannot be copied\./);
      assert.match(result.stdout, new RegExp(`Cannot copy logout request ${SESSIONS.inFlightLogout}: in flight: the user retries the logout\\.`));
      assert.doesNotMatch(result.stdout, /Not imported yet:.*login sessions/);
      assert.equal(await count(target.dsn, 'hydra_oauth2_imported_login_session'), 0);
      assert.equal(await count(target.dsn, 'hydra_oauth2_flow'), 0);
    });

    it('imports; flows in flight are reported and do not fail the run; a second run copies nothing', async () => {
      const first = await importInto();
      assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
      assert.match(first.stdout, /Copied 4 login sessions; 0 already present; 0 cannot be copied\./);
      assert.match(first.stdout, /Copied 1 consents; 0 already present; 1 cannot be copied\./);
      assert.match(first.stdout, /in flight: the user retries the login\./);
      const second = await importInto();
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /Copied 0 login sessions; 4 already present/);
      assert.match(second.stdout, /Copied 0 consents; 1 already present/);
      assert.equal(await count(target.dsn, 'hydra_oauth2_imported_login_session'), 4);
      assert.equal(await count(target.dsn, 'hydra_oauth2_flow'), 1);
      assert.equal(await count(target.dsn, 'hydra_oauth2_consent_session'), 1);
      // The remembered session's identity provider (Kratos) session came along for the logout,
      // and the consent's client is one of the session's clients, to notify when it ends.
      assert.equal(await count(target.dsn, 'hydra_oauth2_login_session_idp'), 1);
      const database = openDatabase(parseDsn(target.dsn), { queryTimeoutMs: 0 });
      try {
        const { rows } = await sql<{ sid: string; client_id: string; subject: string }>`SELECT sid, client_id, subject FROM hydra_oauth2_session_client`.execute(database.db);
        assert.deepEqual(rows.map(({ sid, client_id, subject }) => ({ sid, client_id, subject })), [
          { sid: SESSIONS.rememberedSid, client_id: SESSIONS.clientId, subject: SESSIONS.subject },
        ]);
      } finally {
        await database.close();
      }
      assert.equal(await hydraChecksum(hydra.dsn), checksum, 'the Hydra database is unchanged');
    });

    it('a consent whose client is not in Tessera is reported, not a crash', async () => {
      const bare = await createTestDatabase(dialect);
      const source = openHydraSource(parseDsn(hydra.dsn));
      try {
        const migrated = await runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: bare.dsn });
        assert.equal(migrated.code, 0, migrated.stderr);
        const database = openDatabase(parseDsn(bare.dsn), { queryTimeoutMs: 0 });
        try {
          const report = await importHydra(source, database, new Aead([SECRET]), { dryRun: false, kinds: [consents] });
          const reasons = report.skipped.map((row) => `${row.id}: ${row.reason} (${row.failure ? 'fails' : 'reported'})`).sort();
          assert.deepEqual(reasons, [
            `${SESSIONS.consentChallenge}: its client ${SESSIONS.clientId} is not in Tessera (it could not be copied) (fails)`,
            `${SESSIONS.inFlightChallenge}: in flight: the user retries the login (reported)`,
          ].sort());
        } finally {
          await database.close();
        }
        assert.equal(await count(bare.dsn, 'hydra_oauth2_consent_session'), 0, 'nothing half-written');
      } finally {
        await source.close();
        await bare.drop();
      }
    });

    describe('served by Tessera', () => {
      let server: TesseraProcess;
      let publicUrl: string;
      let api: OAuth2Api;

      before(async () => {
        const port = await freePort();
        publicUrl = `http://127.0.0.1:${port}`;
        const started = await serveTessera(['all'], {
          DSN: target.dsn,
          SECRETS_SYSTEM: SECRET,
          SERVE_PUBLIC_PORT: String(port),
          URLS_SELF_ISSUER: `${publicUrl}/`,
          URLS_LOGIN: 'https://login.example.com/login',
          URLS_CONSENT: 'https://login.example.com/consent',
        });
        server = started.server;
        api = sdk(started.adminUrl);
      });
      after(async () => server?.stop());

      /** A browser holding `cookie` (if any) starts at /oauth2/auth as the public client does; the login request it reaches. */
      async function authorize(cookie: string | undefined) {
        const browser = new Browser();
        if (cookie) browser.cookies.set(COOKIE, cookie);
        const { challenge, verifier } = await pkce();
        const state = oauth.generateRandomState();
        const url = authorizeUrl({ authorization_endpoint: `${publicUrl}/oauth2/auth` } as oauth.AuthorizationServer, {
          client_id: SESSIONS.clientId,
          response_type: 'code',
          redirect_uri: SESSIONS.redirectUri,
          scope: SESSIONS.grantedScope.join(' '),
          state,
          code_challenge: challenge,
          code_challenge_method: 'S256',
        });
        const loginChallenge = await startLogin(browser, url);
        const { data: loginRequest } = await api.getOAuth2LoginRequest({ loginChallenge });
        return { browser, loginChallenge, loginRequest, verifier, state };
      }

      /** Through login (accepted as the remembered subject) to the consent request. */
      async function consentRequestOf(cookie: string) {
        const { browser, loginChallenge, verifier, state } = await authorize(cookie);
        const consentChallenge = await login(browser, api, loginChallenge, SESSIONS.subject);
        const { data } = await api.getOAuth2ConsentRequest({ consentChallenge });
        return Object.assign(data, { browser, verifier, state, consentChallenge });
      }

      const hydraCookie = (sid: string) => hydraSessionCookie(sid, { name: COOKIE, systemSecret: SECRET });

      it("recognises Hydra's cookie: the login request has skip and the same subject, and the session id", async () => {
        const { loginRequest } = await authorize(hydraCookie(SESSIONS.rememberedSid));
        assert.equal(loginRequest.skip, true);
        assert.equal(loginRequest.subject, SESSIONS.subject);
        assert.equal(loginRequest.session_id, SESSIONS.rememberedSid);
        const fresh = await authorize(undefined);
        assert.equal(fresh.loginRequest.skip, false);
      });

      it("replaces Hydra's cookie with Tessera's when a skipped login extends the session, same session and subject", async () => {
        const { browser, loginChallenge } = await authorize(hydraCookie(SESSIONS.rememberedSid));
        const { data } = await api.acceptOAuth2LoginRequest({
          loginChallenge,
          acceptOAuth2LoginRequest: { subject: SESSIONS.subject, remember: true, remember_for: 3600, extend_session_lifespan: true },
        });
        const hop = await browser.visit(data.redirect_to);
        assert.equal(hop.status, 302, hop.body);
        const tesseraCookie = browser.cookies.get(COOKIE);
        assert.ok(tesseraCookie && tesseraCookie !== hydraCookie(SESSIONS.rememberedSid), "Tessera's own cookie was set");
        const { loginRequest } = await authorize(tesseraCookie);
        assert.equal(loginRequest.skip, true);
        assert.equal(loginRequest.subject, SESSIONS.subject);
        assert.equal(loginRequest.session_id, SESSIONS.rememberedSid);
      });

      it('does not honour an expired session, nor a cookie sealed under another secret', async () => {
        const expired = await authorize(hydraCookie(SESSIONS.expiredSid));
        assert.equal(expired.loginRequest.skip, false);
        const forged = await authorize(hydraSessionCookie(SESSIONS.rememberedSid, { name: COOKIE, systemSecret: 'another-secret-not-hydras-0000' }));
        assert.equal(forged.loginRequest.skip, false);
        const garbage = await authorize('MTc0|not-a-cookie');
        assert.equal(garbage.loginRequest.skip, false);
      });

      it('skips the consent Hydra remembered, lists it, and after its revocation asks again', async () => {
        const remembered = await consentRequestOf(hydraCookie(SESSIONS.rememberedSid));
        assert.equal(remembered.skip, true);
        assert.deepEqual(remembered.requested_scope, SESSIONS.grantedScope);

        // The app accepts the skipped consent; the relying party (oauth4webapi) exchanges the code:
        // the ID token belongs to Hydra's login session, with Hydra's authentication time.
        const { data: accepted } = await api.acceptOAuth2ConsentRequest({
          consentChallenge: remembered.consentChallenge,
          acceptOAuth2ConsentRequest: { grant_scope: remembered.requested_scope },
        });
        const callback = await remembered.browser.visit(accepted.redirect_to);
        assert.equal(callback.status, 302, callback.body);
        assert.ok(callback.location.startsWith(`${SESSIONS.redirectUri}?`), callback.location);
        const as = await oauth.processDiscoveryResponse(new URL(`${publicUrl}/`), await oauth.discoveryRequest(new URL(`${publicUrl}/`), insecure));
        const client = { client_id: SESSIONS.clientId };
        const params = oauth.validateAuthResponse(as, client, new URL(callback.location), remembered.state);
        const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, SESSIONS.redirectUri, remembered.verifier, insecure);
        const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { requireIdToken: true });
        const { payload } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(as.jwks_uri!)), { issuer: as.issuer, audience: SESSIONS.clientId });
        assert.equal(payload.sub, SESSIONS.subject);
        assert.equal(payload.sid, SESSIONS.rememberedSid);
        assert.ok(Math.abs((payload.auth_time as number) - (Date.now() / 1000 - 3600)) < 300, `auth_time ${String(payload.auth_time)} is Hydra's login, an hour ago`);
        assert.ok(tokens.refresh_token, 'offline_access was granted');

        const { data: sessions } = await api.listOAuth2ConsentSessions({ subject: SESSIONS.subject });
        assert.equal(sessions.length, 1, 'the consent Hydra remembered is listed');
        const [session] = sessions;
        assert.equal(session!.consent_request_id, SESSIONS.consentRequestId);
        assert.deepEqual(session!.grant_scope, SESSIONS.grantedScope);
        assert.equal(session!.remember, true);
        assert.equal(session!.remember_for, 0);
        assert.deepEqual(session!.session?.access_token, { team: 'blue' });
        assert.deepEqual(session!.session?.id_token, { email: 'hydra-user@example.com' });
        assert.equal(session!.consent_request?.client?.client_id, SESSIONS.clientId);
        assert.equal(session!.consent_request?.login_session_id, SESSIONS.rememberedSid);
        assert.equal(session!.consent_request?.subject, SESSIONS.subject);
        assert.deepEqual(session!.consent_request?.oidc_context?.acr_values, ['gold']);

        await api.revokeOAuth2ConsentSessions({ subject: SESSIONS.subject, client: SESSIONS.clientId });
        const { data: none } = await api.listOAuth2ConsentSessions({ subject: SESSIONS.subject });
        assert.equal(none.length, 0);
        const again = await consentRequestOf(hydraCookie(SESSIONS.rememberedSid));
        assert.equal(again.skip, false, 'the consent UI is shown again');
      });

      it("logs out an imported session at the end_session_endpoint, and Hydra's cookie no longer skips", async () => {
        const cookie = hydraCookie(SESSIONS.logoutSid);
        assert.equal((await authorize(cookie)).loginRequest.skip, true);
        const browser = new Browser();
        browser.cookies.set(COOKIE, cookie);
        const start = await browser.visit(`${publicUrl}/oauth2/sessions/logout`);
        assert.equal(start.status, 302, start.body);
        const logoutChallenge = new URL(start.location).searchParams.get('logout_challenge');
        assert.ok(logoutChallenge, `expected the logout UI, got ${start.location}`);
        const { data: logoutRequest } = await api.getOAuth2LogoutRequest({ logoutChallenge });
        assert.equal(logoutRequest.subject, SESSIONS.logoutSubject);
        assert.equal(logoutRequest.sid, SESSIONS.logoutSid);
        const { data: accepted } = await api.acceptOAuth2LogoutRequest({ logoutChallenge });
        const done = await browser.visit(accepted.redirect_to);
        assert.equal(done.status, 302, done.body);
        assert.equal(browser.cookies.get(COOKIE), '', "Hydra's cookie is cleared");
        assert.equal((await authorize(cookie)).loginRequest.skip, false, 'a copy of the cookie kept elsewhere no longer skips');
      });

      it('revokes an imported login session by subject and by sid', async () => {
        await api.revokeOAuth2LoginSessions({ subject: SESSIONS.subject });
        const bySubject = await authorize(hydraCookie(SESSIONS.rememberedSid));
        assert.equal(bySubject.loginRequest.skip, false);

        const other = hydraCookie(SESSIONS.otherSid);
        assert.equal((await authorize(other)).loginRequest.skip, true);
        assert.equal((await authorize(other)).loginRequest.subject, SESSIONS.otherSubject);
        await api.revokeOAuth2LoginSessions({ sid: SESSIONS.otherSid });
        assert.equal((await authorize(other)).loginRequest.skip, false);
      });
    });

    it('the janitor removes the expired imported session and keeps the others', async () => {
      const database = openDatabase(parseDsn(target.dsn), { queryTimeoutMs: 0 });
      try {
        const deleted = await runJanitor(database, [expiredImportedLoginSessions], { keepIfYoungerMs: 0, limit: 100, batchSize: 10, now: Date.now });
        assert.deepEqual(deleted, { 'imported login sessions': 1 });
        const { rows } = await sql<{ sid: string }>`SELECT sid FROM hydra_oauth2_imported_login_session ORDER BY sid`.execute(database.db);
        assert.deepEqual(rows.map((row) => row.sid), [SESSIONS.rememberedSid, SESSIONS.otherSid, SESSIONS.logoutSid].sort());
      } finally {
        await database.close();
      }
    });
  });
}
