/**
 * Issue 13, the last kinds Hydra keeps, after `tessera import hydra` with the same secrets.system:
 * - a dynamically registered client still manages itself at /oauth2/register/{id} (RFC 7592) with
 *   the registration access token Hydra gave it (read through @ory/hydra-client's OidcApi, update
 *   and delete over fetch); a token of another client, or a made-up one, is refused.
 * - a device authorization waiting for its user goes on: the device polls Tessera's /oauth2/token
 *   with Hydra's device code (authorization_pending), the user enters the user code Hydra showed
 *   at Tessera's verification page, logs in and consents, and the next poll (oauth4webapi) gets
 *   the tokens; one its user had approved at Hydra is redeemed at the next poll with the consented
 *   grant (subject, sid, claims, ext); one that cannot be carried is reported as in flight (run
 *   and dry run) without failing the run; redeemed and expired ones are left behind.
 * - a `sub` a login app forced on a pairwise client at Hydra (force_subject_identifier) stays
 *   the user's: an id_token_hint naming it, signed as Hydra signed its ID tokens, is recognised
 *   with Hydra's login session cookie (the login is skipped, not refused with login_required);
 *   the login app forcing it again gives the same `sub` in the ID token (oauth4webapi); a newer
 *   forced value replaces it, as at Hydra.
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
import { writeHydraDeviceCodes, type HydraDeviceCodes } from '../support/hydra-fixture/device-codes.js';
import { writeHydraForcedSubject, type HydraForcedSubject } from '../support/hydra-fixture/forced-subjects.js';
import { hydraSessionCookie } from '../support/hydra-fixture/sessions.js';
import { Browser, authorizeUrl, consent, insecure, login, pkce, query, sdk } from '../flow/support.js';
import { SignJWT, importJWK } from 'jose';
import { authorizeDevice, poll, refusal } from '../oauth2/device-support.js';
import * as oauth from 'oauth4webapi';
import { request } from '../support/http.js';
import { freePort, runTessera, serveTessera, type TesseraProcess } from '../support/process.js';
import { openDatabase } from '../../src/persistence/database.js';
import { parseDsn } from '../../src/persistence/dsn.js';

const SECRET = 'hydra-import-system-secret-0123456';
const UI = 'http://device-ui.example/verify';
const DONE = 'http://device-ui.example/done';
const COOKIE = 'ory_hydra_session';

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
  describe(`import hydra: registration access tokens and device codes on ${dialect}`, () => {
    let hydra: TestDatabase;
    let target: TestDatabase;
    let registered: RegisteredHydraClient;
    let devices: HydraDeviceCodes;
    let forced: HydraForcedSubject;
    let server: TesseraProcess | undefined;
    let publicUrl: string;
    let adminUrl: string;
    let as: oauth.AuthorizationServer;
    let dryRun: string;
    let imported: string;
    let checksum: string;
    const importInto = (...flags: string[]) =>
      runTessera(['import', 'hydra', '--from', hydra.dsn, '-e', ...flags], { DSN: target.dsn, SECRETS_SYSTEM: SECRET });
    const manage = (method: string, id: string, token: string, body?: unknown) =>
      request(method, `${publicUrl}/oauth2/register/${encodeURIComponent(id)}`, body, { authorization: `Bearer ${token}` });

    before(async () => {
      [hydra, target] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
      await buildHydraFixture(hydra.dsn, SECRET);
      await withHydraDb(hydra.dsn, async (db) => {
        const { rows } = await sql<{ nid: string }>`SELECT id AS nid FROM networks`.execute(db);
        registered = await writeRegisteredClient(db, rows[0]!.nid, SECRET, Date.now());
        devices = await writeHydraDeviceCodes(db, dialect, rows[0]!.nid, SECRET, Date.now());
        forced = await writeHydraForcedSubject(db, dialect, rows[0]!.nid, SECRET, Date.now());
      });
      checksum = await hydraChecksum(hydra.dsn);
      const migrated = await runTessera(['migrate', 'sql', 'up', '-e', '--yes'], { DSN: target.dsn });
      assert.equal(migrated.code, 0, migrated.stderr);
      const dry = await importInto('--dry-run');
      assert.equal(dry.code, 0, `${dry.stdout}\n${dry.stderr}`);
      dryRun = dry.stdout;
      const run = await importInto();
      // The device code in flight is reported, and does not fail the run.
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      imported = run.stdout;
      const port = await freePort();
      // serveTessera names the public port it chose; this one overrides it, for the issuer.
      publicUrl = `http://127.0.0.1:${port}`;
      ({ server, adminUrl } = await serveTessera(['all'], {
        DSN: target.dsn,
        SECRETS_SYSTEM: SECRET,
        SERVE_PUBLIC_PORT: String(port),
        URLS_SELF_ISSUER: `http://127.0.0.1:${port}/`,
        URLS_LOGIN: 'https://login.example.com/login',
        URLS_CONSENT: 'https://login.example.com/consent',
        OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise',
        OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: 'a-pairwise-salt-of-some-length',
        OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED: 'true',
        URLS_DEVICE_VERIFICATION: UI,
        URLS_DEVICE_SUCCESS: DONE,
        OAUTH2_DEVICE_AUTHORIZATION_TOKEN_POLLING_INTERVAL: '1s',
      }));
      const discovery = (await (await fetch(`${publicUrl}/.well-known/openid-configuration`)).json()) as oauth.AuthorizationServer;
      as = { ...discovery, token_endpoint: `${publicUrl}/oauth2/token`, device_authorization_endpoint: `${publicUrl}/oauth2/device/auth` };
    });
    after(async () => {
      await server?.stop();
      await Promise.all([hydra?.drop(), target?.drop()]);
    });

    it('reports what it copies: a device code it cannot carry by its request id, in the dry run and the run', async () => {
      const inFlight = new RegExp(`Cannot copy device code ${devices.inFlightRequestId}: in flight: the user restarts the device login\\.`);
      assert.match(dryRun, /Would copy 2 device codes; 0 already present; 1 cannot be copied\. 2 left behind: not live/);
      assert.match(dryRun, inFlight);
      assert.match(imported, /Copied 2 device codes; 0 already present; 1 cannot be copied\. 2 left behind: not live/);
      assert.match(imported, inFlight);
      assert.match(dryRun, /Would copy 1 forced subject identifiers; 0 already present; 0 cannot be copied\./);
      assert.match(imported, /Copied 1 forced subject identifiers; 0 already present; 0 cannot be copied\./);
      assert.doesNotMatch(imported, /Not imported yet/);
      const again = await importInto();
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /Copied 0 device codes; 2 already present/);
      assert.match(again.stdout, /Copied 0 forced subject identifiers; 1 already present/);
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

    it("the device polls with Hydra's device code; the user enters Hydra's user code at Tessera; the next poll gets the tokens; an approved one is redeemed", async () => {
      const { client, pending } = devices;
      const waiting = await refusal(poll(as, client.id, client.secret, pending.deviceCode));
      assert.equal(waiting.error, 'authorization_pending');
      const forged = fositeToken('at', SECRET).token.replace(/^ory_at_/, 'ory_dc_');
      assert.equal((await refusal(poll(as, client.id, client.secret, forged))).error, 'invalid_grant', 'a device code Hydra never issued');

      const browser = new Browser();
      const verifyUrl = `${publicUrl}/oauth2/device/verify`;
      const hop = await browser.visit(verifyUrl);
      assert.equal(hop.status, 302, hop.body);
      const deviceChallenge = query(hop.location, 'device_challenge')!;
      assert.ok(deviceChallenge, hop.location);
      const api = sdk(adminUrl);
      const { data } = await api.acceptUserCodeRequest({ deviceChallenge, acceptDeviceUserCodeRequest: { user_code: pending.userCode } });
      const toLogin = await browser.visit(data.redirect_to);
      assert.equal(toLogin.status, 302, toLogin.body);
      const loginChallenge = query(toLogin.location, 'login_challenge')!;
      const { data: loginRequest } = await api.getOAuth2LoginRequest({ loginChallenge });
      assert.equal(loginRequest.client.client_id, client.id);
      assert.deepEqual(loginRequest.requested_scope, devices.scope);
      const consentChallenge = await login(browser, api, loginChallenge, 'tv-user');
      assert.equal(await consent(browser, api, consentChallenge), `${DONE}?client_id=${client.id}`);

      await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the polling interval
      const tokens = await poll(as, client.id, client.secret, pending.deviceCode);
      assert.match(tokens.access_token, /^ory_at_/);
      assert.equal(tokens.scope, devices.scope.join(' '));
      const introspected = await api.introspectOAuth2Token({ token: tokens.access_token });
      assert.equal(introspected.data.active, true);
      assert.equal(introspected.data.sub, 'tv-user');
      // The one its user approved at Hydra: the device's next poll gets the consented grant.
      const { accepted } = devices;
      const approved = await poll(as, client.id, client.secret, accepted.deviceCode);
      assert.equal(approved.scope, devices.scope.join(' '));
      const claims = oauth.getValidatedIdTokenClaims(approved)!;
      assert.equal(claims.sub, accepted.subject);
      assert.equal(claims.sid, accepted.sid);
      assert.equal(claims.household, 'smith');
      const approvedInfo = await api.introspectOAuth2Token({ token: approved.access_token });
      assert.equal(approvedInfo.data.active, true);
      assert.equal(approvedInfo.data.sub, accepted.subject);
      assert.deepEqual(approvedInfo.data.ext, accepted.ext);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      assert.equal((await refusal(poll(as, client.id, client.secret, accepted.deviceCode))).error, 'invalid_grant', 'redeemed once');
      // A fresh device authorization of the imported client works as Tessera's own.
      assert.ok((await authorizeDevice(as, client.id, client.secret, { scope: 'openid' })).user_code);
    });

    /** An ID token as Hydra signed it for the pairwise client, naming `sub`, to send as id_token_hint. */
    async function hydraIdToken(sub: string): Promise<string> {
      const key = await importJWK(forced.idTokenKey, 'RS256');
      return new SignJWT({ sid: forced.sid })
        .setProtectedHeader({ alg: 'RS256', kid: forced.idTokenKey.kid!, typ: 'JWT' })
        .setIssuer(as.issuer)
        .setSubject(sub)
        .setAudience(forced.client.id)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);
    }

    /** /oauth2/auth for the pairwise client with this hint, from a browser holding `cookie` (Hydra's or Tessera's). */
    async function authorizeWithHint(browser: Browser, hint: string) {
      const { challenge, verifier } = await pkce();
      const state = oauth.generateRandomState();
      const url = authorizeUrl({ authorization_endpoint: `${publicUrl}/oauth2/auth` } as oauth.AuthorizationServer, {
        client_id: forced.client.id,
        response_type: 'code',
        redirect_uri: forced.client.redirectUri,
        scope: 'openid',
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        id_token_hint: hint,
      });
      const hop = await browser.visit(url);
      assert.equal(hop.status, 302, hop.body);
      return { location: hop.location, verifier, state };
    }

    /** Login accepted forcing `sub`, consent given, the code exchanged: the ID token's claims. */
    async function finish(browser: Browser, loginChallenge: string, sub: string, verifier: string, state: string) {
      const api = sdk(adminUrl);
      const { data } = await api.acceptOAuth2LoginRequest({
        loginChallenge,
        acceptOAuth2LoginRequest: { subject: forced.subject, force_subject_identifier: sub, remember: true, remember_for: 3600 },
      });
      const hop = await browser.visit(data.redirect_to);
      assert.equal(hop.status, 302, hop.body);
      const callback = await consent(browser, api, query(hop.location, 'consent_challenge')!);
      const client = { client_id: forced.client.id };
      const params = oauth.validateAuthResponse(as, client, new URL(callback), state);
      const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(forced.client.secret), params, forced.client.redirectUri, verifier, insecure);
      return oauth.getValidatedIdTokenClaims(await oauth.processAuthorizationCodeResponse(as, client, response))!;
    }

    it("an id_token_hint naming the sub Hydra's login app forced is the user's; forcing it again keeps the client's sub", async () => {
      const browser = new Browser();
      browser.cookies.set(COOKIE, hydraSessionCookie(forced.sid, { name: COOKIE, systemSecret: SECRET }));
      // Another user's sub, as a hint: refused as Hydra refuses it.
      const other = await authorizeWithHint(browser, await hydraIdToken('somebody-else'));
      assert.equal(query(other.location, 'error'), 'login_required', other.location);

      const { location, verifier, state } = await authorizeWithHint(browser, await hydraIdToken(forced.forced));
      assert.ok(location.startsWith('https://login.example.com/login?'), location);
      const loginChallenge = query(location, 'login_challenge')!;
      const { data: loginRequest } = await sdk(adminUrl).getOAuth2LoginRequest({ loginChallenge });
      assert.equal(loginRequest.skip, true);
      assert.equal(loginRequest.subject, forced.subject);
      assert.equal(loginRequest.oidc_context?.id_token_hint_claims?.sub, forced.forced);
      const claims = await finish(browser, loginChallenge, forced.forced, verifier, state);
      assert.equal(claims.sub, forced.forced, 'the client sees the same sub as at Hydra');
    });

    it('a newer forced sub replaces the one Hydra recorded, as at Hydra', async () => {
      const browser = new Browser();
      browser.cookies.set(COOKIE, hydraSessionCookie(forced.sid, { name: COOKIE, systemSecret: SECRET }));
      const first = await authorizeWithHint(browser, await hydraIdToken(forced.forced));
      const newer = `${forced.forced}-2`;
      const claims = await finish(browser, query(first.location, 'login_challenge')!, newer, first.verifier, first.state);
      assert.equal(claims.sub, newer);
      // Tessera's own cookie now; the newer value is recognised, the replaced one no longer.
      const recognised = await authorizeWithHint(browser, await hydraIdToken(newer));
      assert.ok(query(recognised.location, 'login_challenge'), recognised.location);
      const replaced = await authorizeWithHint(browser, await hydraIdToken(forced.forced));
      assert.equal(query(replaced.location, 'error'), 'login_required', replaced.location);
    });
  });
}
