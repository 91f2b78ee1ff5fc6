/**
 * The outbound client over real sockets, against listeners on 127.0.0.1 and ::1: with
 * clients.http.disallow_private_ip_ranges on, an IP literal is refused before connecting, the
 * connected address is judged at connect (a refused peer never sees a byte), a name is refused
 * once resolved (`localhost`, or a resolver that rebinds a
 * name from a public to a private address), IPv6 loopback and IPv4-mapped IPv6 are refused, an
 * exception URL passes and a redirect from it to a private URL does not. With the setting off,
 * everything reaches the listeners. Bounds: redirects, body size, time.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundHttp } from '../../../src/http/outbound/outbound-http.js';
import { OutboundPolicy, type OutboundSettings } from '../../../src/http/outbound/outbound-policy.js';
import { OutboundRefusal, OutboundResponseError, OutboundTimeout } from '../../../src/http/outbound/outbound-errors.js';
import { checkAtConnect, type Resolver } from '../../../src/http/outbound/guarded-connection.js';
import { connect, createServer as createTcpServer } from 'node:net';
import { freePort } from '../../support/ports.js';

interface Listener {
  server: Server;
  base: string;
  /** Every request that reached it, as method and path. */
  seen: string[];
  held: ServerResponse[];
}

async function listen(host: '127.0.0.1' | '::1'): Promise<Listener> {
  const listener: Listener = { server: undefined as unknown as Server, base: '', seen: [], held: [] };
  listener.server = createServer((request: IncomingMessage, response: ServerResponse) => {
    listener.seen.push(`${request.method} ${request.url}`);
    const path = request.url ?? '/';
    const to = new URL(path, 'http://x').searchParams.get('to');
    if (to) response.writeHead(302, { location: to }).end();
    else if (path.startsWith('/loop')) response.writeHead(307, { location: '/loop' }).end();
    else if (path.startsWith('/big')) response.end('x'.repeat(4096));
    else if (path.startsWith('/echo')) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(request.headers));
    else if (path.startsWith('/silent')) listener.held.push(response);
    else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path }));
  });
  await new Promise<void>((resolve) => listener.server.listen(0, host, resolve));
  const { port } = listener.server.address() as AddressInfo;
  listener.base = host === '::1' ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`;
  return listener;
}

const client = (settings: OutboundSettings, resolve?: Resolver) => new OutboundHttp(new OutboundPolicy(settings), resolve);
const get = (http: OutboundHttp, url: string, maxRedirects = 0) => http.request(url, { timeoutMs: 5_000, maxBytes: 1024, maxRedirects });
const refused = (pattern: RegExp) => (error: unknown) => error instanceof OutboundRefusal && pattern.test(error.message);

describe('outbound requests', () => {
  let v4: Listener;
  let v6: Listener;
  before(async () => {
    v4 = await listen('127.0.0.1');
    v6 = await listen('::1');
  });
  after(async () => {
    for (const listener of [v4, v6]) {
      for (const response of listener.held) response.destroy();
      listener.server.closeAllConnections();
      await new Promise<void>((resolve) => listener.server.close(() => resolve()));
    }
  });

  it('reaches loopback over IPv4, IPv6, IPv4-mapped IPv6 and a name when the setting is off (the default)', async () => {
    const open = client({});
    const port = new URL(v4.base).port;
    for (const url of [`${v4.base}/a`, `${v6.base}/b`, `http://[::ffff:127.0.0.1]:${port}/c`, `http://localhost:${port}/d`]) {
      const response = await get(open, url);
      assert.equal(response.status, 200, url);
    }
    assert.deepEqual(v4.seen.slice(-3), ['GET /a', 'GET /c', 'GET /d']);
    assert.deepEqual(v6.seen.slice(-1), ['GET /b']);
  });

  it('refuses the reserved ranges even with the setting off, as ory/x allowInternalAllowIPv6 does', async () => {
    const open = client({});
    for (const url of ['http://0.0.0.0:9/', 'http://100.64.0.1:9/', 'http://[fe80::1]:9/', 'http://224.0.0.1:9/', 'http://192.0.2.1:9/']) {
      await assert.rejects(get(open, url), refused(/no route to host/), url);
    }
    const resolvesToReserved: Resolver = async () => [{ address: '100.64.0.7', family: 4 }];
    await assert.rejects(get(client({}, resolvesToReserved), 'http://cgnat.test:9/'), refused(/no such host/));
  });

  it('refuses IP literals before connecting, IPv6 loopback and IPv4-mapped IPv6 included', async () => {
    const guarded = client({ disallow_private_ip_ranges: true });
    const [before4, before6] = [v4.seen.length, v6.seen.length];
    const port = new URL(v4.base).port;
    for (const url of [`${v4.base}/private`, `${v6.base}/private`, `http://[::ffff:127.0.0.1]:${port}/mapped`, `http://[::ffff:7f00:1]:${port}/hex`]) {
      await assert.rejects(get(guarded, url), refused(/^dial tcp: no route to host$/), url);
    }
    await assert.rejects(
      client({ disallow_private_ip_ranges: true }).request(`${v4.base}/post`, { method: 'POST', body: 'logout_token=secret', timeoutMs: 5_000, maxBytes: 0 }),
      (error: unknown) => error instanceof OutboundRefusal && /127\.0\.0\.0\/8/.test(error.detail) && !error.message.includes('secret'),
    );
    // Judged before connecting, as Go's dialer Control hook does: a closed port is not told apart.
    await assert.rejects(get(guarded, `http://127.0.0.1:${await freePort()}/closed`), refused(/^dial tcp: no route to host$/));
    assert.equal(v4.seen.length, before4, 'the IPv4 listener saw no request');
    assert.equal(v6.seen.length, before6, 'the IPv6 listener saw no request');
  });

  it('refuses a name that resolves to a private address, `localhost` or a rebinding resolver', async () => {
    const before = v4.seen.length;
    const port = new URL(v4.base).port;
    await assert.rejects(get(client({ disallow_private_ip_ranges: true }), `http://localhost:${port}/name`), refused(/^dial tcp: lookup localhost: no such host$/));
    // DNS rebinding: public when the client is registered, loopback when the request is made.
    let calls = 0;
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: '93.184.215.14', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    const rebound = client({ disallow_private_ip_ranges: true }, rebinding);
    assert.equal(await rebound.registrationRefusal(`http://rebind.test:${port}/x`), undefined, 'the name looked public at registration');
    await assert.rejects(get(rebound, `http://rebind.test:${port}/x`), refused(/^dial tcp: lookup rebind\.test: no such host$/));
    assert.equal(calls, 2, 'resolved again for the request, and that answer was judged');
    assert.equal(v4.seen.length, before, 'nothing reached the listener');
  });

  it('lets an exception URL through and refuses a redirect from it to a private URL that is not one', async () => {
    // In a glob, `[` opens a character class (as in Hydra): an IPv6 host is escaped.
    const v6Glob = `${v6.base.replace('[', '\\[').replace(']', '\\]')}/allowed/*`;
    const guarded = client({ disallow_private_ip_ranges: true, private_ip_exception_urls: [`${v4.base}/allowed/*`, v6Glob] });
    assert.equal((await get(guarded, `${v4.base}/allowed/one?tenant=a`)).status, 200, 'the query does not take part in the match');
    assert.equal((await get(guarded, `${v6.base}/allowed/two`)).status, 200);
    await assert.rejects(get(guarded, `${v4.base}/allowed/one/deeper`), refused(/no route to host/));
    const hop = await get(guarded, `${v4.base}/allowed/hop?to=${encodeURIComponent(`${v6.base}/allowed/landed`)}`, 3);
    assert.equal(hop.status, 200, 'a redirect between exception URLs is followed');
    assert.equal(hop.url, `${v6.base}/allowed/landed`);
    const before = [v4.seen.length, v6.seen.length];
    for (const target of [`${v4.base}/private`, `${v6.base}/private`, `http://localhost:${new URL(v4.base).port}/private`]) {
      await assert.rejects(get(guarded, `${v4.base}/allowed/hop?to=${encodeURIComponent(target)}`, 3), refused(/no route to host|no such host/), target);
    }
    assert.deepEqual([v4.seen.length, v6.seen.length], [before[0]! + 3, before[1]], 'only the three excepted first hops were answered');
  });

  it("sends credentials on a redirect to the first URL's host only, as Go's client does", async () => {
    const open = client({});
    const headers = { authorization: 'Bearer hook-secret', cookie: 'k=v', 'x-api-key': 'api-secret', accept: 'application/json' };
    const follow = (url: string) => open.request(url, { timeoutMs: 5_000, maxBytes: 4096, maxRedirects: 3, headers, credentialHeaders: ['X-Api-Key'] });
    const same = JSON.parse((await follow(`${v4.base}/r?to=/echo`)).body.toString());
    assert.deepEqual([same.authorization, same.cookie, same['x-api-key'], same.accept], ['Bearer hook-secret', 'k=v', 'api-secret', 'application/json']);
    // 127.0.0.1 → [::1]: another host; the credentials stay behind, the other headers go on.
    const other = JSON.parse((await follow(`${v4.base}/r?to=${encodeURIComponent(`${v6.base}/echo`)}`)).body.toString());
    assert.deepEqual([other.authorization, other.cookie, other['x-api-key'], other.accept], [undefined, undefined, undefined, 'application/json']);
  });

  it('returns a redirect as it is unless asked to follow, and stops after the bound', async () => {
    const open = client({});
    const redirect = await get(open, `${v4.base}/r?to=/a`);
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.location, '/a');
    const before = v4.seen.length;
    await assert.rejects(get(open, `${v4.base}/loop`, 10), (error: unknown) => error instanceof OutboundResponseError && /stopped after 10 redirects/.test(error.message));
    assert.equal(v4.seen.length - before, 11, 'the first request and ten redirects');
    await assert.rejects(get(open, `${v4.base}/r?to=${encodeURIComponent('file:///etc/passwd')}`, 3), /file: scheme is not fetched/);
  });

  it('bounds the body and the time', async () => {
    const open = client({});
    await assert.rejects(get(open, `${v4.base}/big`), (error: unknown) => error instanceof OutboundResponseError && /larger than 1024 bytes/.test(error.message));
    assert.equal((await open.request(`${v4.base}/big`, { timeoutMs: 5_000, maxBytes: 0 })).body.length, 0, 'maxBytes 0 reads nothing');
    await assert.rejects(open.request(`${v4.base}/silent`, { timeoutMs: 200, maxBytes: 10 }), (error: unknown) => error instanceof OutboundTimeout && error.message === 'no answer within 200 ms');
  });

  it('destroys a socket at connect when the connected peer is refused, before a queued byte leaves', async () => {
    let received = 0;
    let closedPeers = 0;
    const raw = createTcpServer((peer) => {
      peer.on('data', (chunk: Buffer) => (received += chunk.length));
      peer.on('error', () => undefined);
      peer.on('close', () => (closedPeers += 1));
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const port = (raw.address() as AddressInfo).port;
    const attempt = (policy: 'public' | 'internal') =>
      new Promise<OutboundRefusal | undefined>((resolve) => {
        let refusal: OutboundRefusal | undefined;
        // A name, as if a resolver had been fooled: only the connected address is judged here.
        const socket = connect({ host: '127.0.0.1', port });
        checkAtConnect(socket, 'rebind.test', policy, (error) => (refusal = error));
        socket.on('error', () => undefined);
        socket.write('logout_token=secret', () => socket.end());
        socket.on('close', () => resolve(refusal));
      });
    const refusal = await attempt('public');
    assert.ok(refusal, 'refused');
    assert.equal(refusal.message, 'dial tcp: lookup rebind.test: no such host');
    assert.match(refusal.detail, /^127\.0\.0\.1 is not a permitted destination/);
    assert.equal(await attempt('internal'), undefined, 'an excepted URL may reach loopback');
    // Both connections reached the listener; wait (bounded) until it has seen both end.
    for (let waited = 0; closedPeers < 2 && waited < 100; waited += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    raw.close();
    assert.equal(closedPeers, 2);
    assert.equal(received, 'logout_token=secret'.length, 'only the permitted connection delivered its bytes');
  });

  it("judges registered URLs as Hydra's validator does", async () => {
    const guarded = client({ disallow_private_ip_ranges: true, private_ip_exception_urls: [`${v4.base}/allowed/*`] });
    assert.equal(await guarded.registrationRefusal('https://127.0.0.1/x'), 'ip 127.0.0.1 is not a permitted destination');
    assert.equal(await guarded.registrationRefusal('https://[::1]/x'), 'ip ::1 is not a permitted destination');
    assert.equal(await guarded.registrationRefusal('https://localhost/x'), 'failed to resolve https://localhost/x: lookup localhost: no such host');
    assert.equal(await guarded.registrationRefusal(`${v4.base}/allowed/bc`), undefined);
    const publicName: Resolver = async () => [{ address: '93.184.215.14', family: 4 }];
    assert.equal(await client({ disallow_private_ip_ranges: true }, publicName).registrationRefusal('https://rp.example/x'), undefined);
    assert.equal(await client({}).registrationRefusal('https://127.0.0.1/x'), undefined);
  });
});
