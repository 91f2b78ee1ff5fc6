/**
 * clients.http.disallow_private_ip_ranges on back-channel logout, over real HTTP and a real
 * database: relying parties whose backchannel_logout_uri is a receiver on 127.0.0.1 are
 * registered while the setting is off (Hydra's default, under which they are notified); the same
 * database served with the setting on refuses to register such a URI (Hydra's
 * invalid_client_metadata hint), does not deliver to the private one, logs that without the token,
 * and still delivers to the one listed in clients.http.private_ip_exception_urls.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type * as oauth from 'oauth4webapi';
import { pino } from 'pino';
import type { TestServer } from '../support/server.js';
import { request } from '../support/http.js';
import { describeOnEachDatabase } from '../support/on-each-database.js';
import { Browser, discover } from './support.js';
import { startLogoutReceiver, type LogoutReceiver } from './logout-receiver.js';
import { registerParty, sidOf, signIn } from './channel-logout-fixture.js';

const UI = { URLS_LOGIN: 'http://login.test/login', URLS_CONSENT: 'http://login.test/consent', URLS_LOGOUT: 'http://login.test/logout' };

/** A pino logger whose lines (JSON) are kept for assertions. */
function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, sink) };
}

describeOnEachDatabase('back-channel logout under clients.http.disallow_private_ip_ranges', { env: UI }, (ctx) => {
  let receiver: LogoutReceiver;

  before(async () => {
    receiver = await startLogoutReceiver();
  });
  after(async () => {
    await receiver?.close();
  });

  async function endSession(running: TestServer, clients: string[]): Promise<void> {
    const as: oauth.AuthorizationServer = await discover(running);
    const browser = new Browser();
    let idToken = '';
    for (const id of clients) idToken = await signIn(running, as, browser, receiver, id);
    const response = await request('DELETE', `${running.adminUrl}/admin/oauth2/auth/sessions/login?sid=${encodeURIComponent(sidOf(idToken))}`);
    assert.equal(response.status, 204);
    await running.registry.flows.backChannelLogout.idle();
  }

  it('delivers to a receiver on 127.0.0.1 with the setting off (the default)', async () => {
    for (const id of ['rp-private', 'rp-excepted']) await registerParty(ctx.server, receiver, { id, back: true });
    const before = receiver.backChannel.length;
    await endSession(ctx.server, ['rp-private']);
    assert.deepEqual(receiver.backChannel.slice(before).map((hit) => hit.name), ['rp-private']);
  });

  it('refuses, with the setting on, to register a private backchannel_logout_uri unless it is an exception', async () => {
    await ctx.restart({
      env: { ...UI, CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true', CLIENTS_HTTP_PRIVATE_IP_EXCEPTION_URLS: `${receiver.base}/bc/rp-excepted*` },
    });
    const refused = await request('POST', `${ctx.server.adminUrl}/admin/clients`, { client_id: 'rp-new', redirect_uris: [`${receiver.base}/callback`], backchannel_logout_uri: `${receiver.base}/bc/rp-new` });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, 'invalid_client_metadata');
    assert.equal(refused.body.error_hint, 'Client IP address is not allowed: key backchannel_logout_uri validation is failing: ip 127.0.0.1 is not a permitted destination');
    assert.equal(refused.body.status_code, 400);
    const named = await request('POST', `${ctx.server.adminUrl}/admin/clients`, { redirect_uris: [`${receiver.base}/callback`], jwks_uri: 'http://localhost:9/jwks.json' });
    assert.equal(named.status, 400);
    assert.equal(named.body.error_hint, 'Client IP address is not allowed: key jwks_uri validation is failing: failed to resolve http://localhost:9/jwks.json: lookup localhost: no such host');
    const excepted = await request('POST', `${ctx.server.adminUrl}/admin/clients`, { client_id: 'rp-excepted-2', redirect_uris: [`${receiver.base}/callback`], backchannel_logout_uri: `${receiver.base}/bc/rp-excepted-2` });
    assert.equal(excepted.status, 201, JSON.stringify(excepted.body));
  });

  it('does not deliver to the private receiver, logs it without the token, and delivers to the exception', async () => {
    const { lines, logger } = capturedLogger();
    await ctx.restart({
      logger,
      env: { ...UI, CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true', CLIENTS_HTTP_PRIVATE_IP_EXCEPTION_URLS: `${receiver.base}/bc/rp-excepted*` },
    });
    const before = receiver.backChannel.length;
    await endSession(ctx.server, ['rp-private', 'rp-excepted']);
    assert.deepEqual(receiver.backChannel.slice(before).map((hit) => hit.name), ['rp-excepted'], 'only the exception was notified');
    const token = receiver.backChannel.at(-1)!.logoutToken!;
    const failures = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'OpenID Connect Back-Channel Logout request failed');
    assert.equal(failures.length, 1);
    assert.equal(failures[0].client_id, 'rp-private');
    assert.equal(failures[0].backchannel_logout_url, `${receiver.base}/bc/rp-private`);
    assert.match(failures[0].reason, /127\.0\.0\.1 is not a permitted destination .*clients\.http\.disallow_private_ip_ranges/);
    const signature = token.split('.')[2]!;
    assert.ok(!lines.some((line) => line.includes(signature) || line.includes('logout_token=')), 'no logout token in any log line');
    assert.ok(!lines.some((line) => /eyJ[\w-]+\.eyJ[\w-]+\./.test(line)), 'no JWT at all in the log');
  });
});
