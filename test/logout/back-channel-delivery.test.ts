/**
 * Back-Channel Logout 1.0 §2.5 delivery, without a database: what is posted, that a refusal, an
 * unreachable RP and an RP that never answers each end in one log line naming the client and
 * never the token, and that the request is bounded by the timeout rather than by the RP.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BackChannelLogout, type LogSink } from '../../src/logout/channel-logout/back-channel.js';
import type { LogoutTokens } from '../../src/logout/channel-logout/logout-token.js';
import { OutboundHttp } from '../../src/http/outbound/outbound-http.js';
import { OutboundPolicy } from '../../src/http/outbound/outbound-policy.js';
import { freePort } from '../support/ports.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.secret-logout-token.signature';
const tokens = { issue: async () => TOKEN } as unknown as LogoutTokens;
/** clients.http.disallow_private_ip_ranges off, Hydra's default: the receiver is on 127.0.0.1. */
const unguarded = new OutboundHttp(new OutboundPolicy());

function capturingLog(): LogSink & { lines: { level: string; details: Record<string, unknown>; message: string }[] } {
  const lines: { level: string; details: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    info: (details, message) => lines.push({ level: 'info', details, message }),
    warn: (details, message) => lines.push({ level: 'warn', details, message }),
  };
}

describe('back-channel logout delivery', () => {
  let server: Server;
  let base = '';
  const bodies: string[] = [];
  const held: ServerResponse[] = [];

  before(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        bodies.push(body);
        const path = new URL(request.url ?? '/', base).pathname;
        if (path === '/ok') response.writeHead(200).end();
        else if (path === '/redirect') response.writeHead(302, { location: '/ok' }).end();
        else if (path === '/refuse') response.writeHead(500).end('no');
        else held.push(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts the token as a form and logs the delivery without it', async () => {
    const log = capturingLog();
    const sender = new BackChannelLogout(tokens, log, unguarded, 2_000);
    sender.notify(`${base}/ok?tenant=secret-query`, { clientId: 'rp', sid: 's', subject: 'alice' });
    await sender.idle();
    assert.equal(bodies.at(-1), new URLSearchParams({ logout_token: TOKEN }).toString());
    assert.equal(log.lines.length, 1);
    assert.equal(log.lines[0]!.level, 'info');
    assert.equal(log.lines[0]!.details.client_id, 'rp');
    assert.equal(log.lines[0]!.details.backchannel_logout_url, `${base}/ok`, 'no query in the log');
  });

  it('logs a refusal, a redirect, an unreachable RP and a silent one, each once, never with the token', async () => {
    const log = capturingLog();
    const sender = new BackChannelLogout(tokens, log, unguarded, 300);
    const closed = await freePort();
    for (const [clientId, url] of [['refuse', `${base}/refuse`], ['redirect', `${base}/redirect`], ['down', `http://127.0.0.1:${closed}/bc`], ['silent', `${base}/silent`]]) {
      sender.notify(url!, { clientId: clientId!, sid: 's', subject: 'alice' });
    }
    await sender.idle();
    assert.deepEqual(log.lines.map((l) => [l.level, l.details.client_id]).sort(), [['warn', 'down'], ['warn', 'redirect'], ['warn', 'refuse'], ['warn', 'silent']]);
    assert.equal(log.lines.find((l) => l.details.client_id === 'refuse')!.details.status, 500);
    assert.match(String(log.lines.find((l) => l.details.client_id === 'silent')!.details.reason), /no answer within 300 ms/);
    assert.ok(!JSON.stringify(log.lines).includes('secret-logout-token'), 'the token is never logged');
    assert.equal(held.length, 1, 'the silent RP still holds its request: the sender stopped waiting on its own');
  });
});
