/**
 * urls.identity_provider (Ory Kratos), as Hydra's internal/kratos DisableSession and
 * strategy_default.go deleteSession use it, against a stand-in Kratos admin API started by the test
 * that records each call (method, path, headers): a login accepted with remember and an
 * identity_provider_session_id ends, by browser logout or by the admin's revocation by sid, with
 * `DELETE <url>/admin/sessions/<id>` and the configured headers, once. Revoking by subject, or a
 * session without an id, calls nothing. A failing Kratos (retried twice, as Hydra's resilient
 * client) or one refused by the outbound guard never fails the logout; the failure is logged at
 * error level without the headers.
 */
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, authorizeUrl, createClient, query, sdk, sdkStatus, startLogin } from '../flow/support.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import type { Dialect } from '../../src/persistence/dsn.js';

const REDIRECT = 'http://127.0.0.1:5555/callback';
const SESSION = 'ory_hydra_session_dev';
const TOKEN = 'kratos-admin-token-that-must-not-be-logged';
const UI = { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent', URLS_LOGOUT: 'http://login.test/logout' };

interface KratosCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A stand-in for Kratos's admin API: records every call; ids starting with "fail" answer 500, others 204. */
class StandInKratos {
  readonly calls: KratosCall[] = [];
  private readonly server: Server = createServer((request, response) => {
    const path = request.url ?? '';
    this.calls.push({ method: request.method ?? '', path, headers: request.headers });
    response.writeHead(path.includes('/fail') ? 500 : 204).end();
  });
  base = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  paths(): string[] {
    return this.calls.map((call) => call.path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tessera-kratos-'));
const standIns = new Map<Dialect, StandInKratos>();
after(async () => {
  for (const kratos of standIns.values()) await kratos.close();
  rmSync(dir, { recursive: true, force: true });
});

describeOnEachDatabase(
  'Ory Kratos session disabling at logout',
  {
    env: UI,
    errorLog: true,
    async setup(_database, dialect) {
      const kratos = new StandInKratos();
      await kratos.start();
      standIns.set(dialect, kratos);
      // The admin URL has a path: the generated client appends /admin/sessions/<id> to it as written.
      const file = join(dir, `kratos-${dialect}.yaml`);
      writeFileSync(file, JSON.stringify({ urls: { identity_provider: { url: `${kratos.base}/kratos`, headers: { Authorization: `Bearer ${TOKEN}`, 'X-Tenant': 'acme' } } } }));
      return { files: [file] };
    },
  },
  (ctx) => {
    const api = () => sdk(ctx.server);
    const kratos = () => standIns.get(ctx.dialect)!;
    /** Waits for the background Kratos calls started so far (the logout never does). */
    const idle = () => ctx.server.registry.flows.identityProviderLogout.idle();
    let clientReady = false;

    /** A remembered login of `subject` in a new browser, with the identity provider session `idpSid` (if any). */
    async function ensureClient(): Promise<void> {
      if (clientReady) return;
      await createClient(ctx.server, { client_id: 'kratos-app', client_secret: 'kratos-secret', grant_types: ['authorization_code'], scope: 'openid', redirect_uris: [REDIRECT] });
      clientReady = true;
    }

    async function signIn(subject: string, idpSid?: string): Promise<{ browser: Browser; sid: string }> {
      await ensureClient();
      const browser = new Browser();
      const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, { client_id: 'kratos-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456' }));
      const { data: loginRequest } = await api().getOAuth2LoginRequest({ loginChallenge });
      const body = { subject, remember: true, remember_for: 3600, ...(idpSid ? { identity_provider_session_id: idpSid } : {}) };
      const { data } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: body });
      assert.ok(query((await browser.visit(data.redirect_to)).location, 'consent_challenge'));
      assert.ok(browser.cookies.get(SESSION));
      return { browser, sid: loginRequest.session_id! };
    }

    /** OP-initiated logout in `browser`, accepted; returns where the browser lands. */
    async function logOut(browser: Browser): Promise<string> {
      const hop = await browser.visit(ctx.as.end_session_endpoint!);
      const logoutChallenge = query(hop.location, 'logout_challenge');
      assert.ok(logoutChallenge, hop.location);
      const { data } = await api().acceptOAuth2LogoutRequest({ logoutChallenge });
      const landed = await browser.visit(data.redirect_to);
      assert.equal(landed.status, 302, landed.body);
      assert.equal(browser.cookies.get(SESSION), '', 'the remembered login is cleared');
      return landed.location;
    }

    it('disables the Kratos session named at login when the browser logs out, with the configured headers', async () => {
      const { browser } = await signIn('kim', 'kratos session/1');
      assert.equal(kratos().calls.length, 0, 'nothing is called at login');
      assert.match(await logOut(browser), /fallbacks\/logout\/callback/);
      await idle();
      assert.equal(kratos().calls.length, 1);
      const [call] = kratos().calls;
      assert.equal(call!.method, 'DELETE');
      assert.equal(call!.path, '/kratos/admin/sessions/kratos%20session%2F1');
      assert.equal(call!.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(call!.headers['x-tenant'], 'acme');
      assert.equal(call!.headers.accept, 'application/json');
      assert.deepEqual(ctx.errorLog.takeErrors(), []);
    });

    it('disables it when the admin revokes the login session by sid, once', async () => {
      const before = kratos().calls.length;
      const { sid } = await signIn('lee', 'kratos-by-sid');
      await api().revokeOAuth2LoginSessions({ sid });
      await idle();
      assert.deepEqual(kratos().paths().slice(before), ['/kratos/admin/sessions/kratos-by-sid']);
      await api().revokeOAuth2LoginSessions({ sid });
      await idle();
      assert.equal(kratos().calls.length, before + 1, 'a session ends once: the second revocation calls nothing');
    });

    it('calls nothing for a session without an id, nor when the subject is revoked (the ids are forgotten)', async () => {
      const before = kratos().calls.length;
      const { browser: plain } = await signIn('max');
      await logOut(plain);
      const { browser: revoked } = await signIn('noa', 'kratos-of-revoked-subject');
      await api().revokeOAuth2LoginSessions({ subject: 'noa' });
      await idle();
      await logOut(revoked);
      await idle();
      assert.equal(kratos().calls.length, before, 'Hydra calls Kratos only when a session it still has ends');
    });

    it('logs a failing Kratos (after two retries) without failing the logout or logging the headers', async () => {
      const before = kratos().calls.length;
      const { browser } = await signIn('oli', 'fail-always');
      assert.match(await logOut(browser), /fallbacks\/logout\/callback/, 'the logout completes');
      await idle();
      assert.deepEqual(kratos().paths().slice(before), Array(3).fill('/kratos/admin/sessions/fail-always'), 'one call and two retries');
      const errors = ctx.errorLog.takeErrors();
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.match(String(errors[0]!.msg), /Unable to revoke session in Ory Kratos/);
      assert.match(JSON.stringify(errors[0]), /500/);
      assert.doesNotMatch(JSON.stringify(errors[0]), new RegExp(`${TOKEN}|fail-always`));
    });

    it('refuses, at accept, an identity_provider_session_id that cannot be stored', async () => {
      await ensureClient();
      const browser = new Browser();
      const loginChallenge = await startLogin(browser, authorizeUrl(ctx.as, { client_id: 'kratos-app', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'state-123456' }));
      for (const id of ['k'.repeat(256), 'nul\u0000byte']) {
        const status = await sdkStatus(api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'quin', remember: true, identity_provider_session_id: id } }));
        assert.equal(status, 400, JSON.stringify(id));
      }
      const { data } = await api().acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: { subject: 'quin', remember: true, identity_provider_session_id: 'k'.repeat(255) } });
      assert.ok(query((await browser.visit(data.redirect_to)).location, 'consent_challenge'), 'the challenge was left unanswered by the refusals');
    });

    it('goes through the outbound guard: a private address is refused when private ranges are disallowed', async () => {
      await ctx.restart({ env: { ...UI, CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true' } });
      try {
        const before = kratos().calls.length;
        const { browser } = await signIn('pia', 'kratos-behind-guard');
        assert.match(await logOut(browser), /fallbacks\/logout\/callback/, 'the logout completes');
        await idle();
        assert.equal(kratos().calls.length, before, 'nothing reached the private address');
        const errors = ctx.errorLog.takeErrors();
        assert.equal(errors.length, 1, JSON.stringify(errors));
        assert.match(JSON.stringify(errors[0]), /refused as an outbound destination/);
      } finally {
        await ctx.restart({ env: UI });
      }
    });
  },
);
