/**
 * The jwks_uri cache's bounds without a database: at most maxEntries sets (least recently used
 * evicted), a set older than maxAgeMs fetched again, concurrent fetches of one URL sharing one
 * request, failures (not 200, not a key set, too large, refused by the guard) reported as
 * JwksUriError and remembered for the refetch cooldown, so that they too cost the URL at most one
 * request per cooldown.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { JwksUriCache, JwksUriError, MAX_JWKS_BYTES } from '../../../src/oauth2/assertion/jwks-uri-cache.js';
import { OutboundHttp } from '../../../src/http/outbound/outbound-http.js';
import { OutboundPolicy } from '../../../src/http/outbound/outbound-policy.js';
import { freePort } from '../../support/ports.js';
import { keyPair } from './assertion-support.js';

describe('JwksUriCache', () => {
  let server: Server;
  let base: string;
  const hits = new Map<string, number>();
  let body = '';

  before(async () => {
    body = JSON.stringify({ keys: [(await keyPair('ES256', 'k')).jwk] });
    const port = await freePort();
    server = createServer((req, res) => {
      hits.set(req.url!, (hits.get(req.url!) ?? 0) + 1);
      if (req.url!.startsWith('/missing')) res.statusCode = 404;
      if (req.url!.startsWith('/html')) return res.end('<html>');
      if (req.url!.startsWith('/huge')) return res.end(`{"keys":[],"pad":"${'x'.repeat(MAX_JWKS_BYTES)}"}`);
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const cache = (now: { ms: number }, maxEntries = 2) =>
    new JwksUriCache(new OutboundHttp(new OutboundPolicy()), { maxEntries, maxAgeMs: 60_000, refetchCooldownMs: 10_000, now: () => now.ms });

  it('keeps at most maxEntries sets, evicting the least recently used', async () => {
    const now = { ms: 0 };
    const jwks = cache(now);
    for (const path of ['/a', '/b', '/a', '/c']) await jwks.resolver(`${base}${path}`);
    assert.equal(jwks.size, 2);
    assert.deepEqual([hits.get('/a'), hits.get('/b'), hits.get('/c')], [1, 1, 1]);
    await jwks.resolver(`${base}/a`);
    assert.equal(hits.get('/a'), 1, '/a was used more recently than /b and stayed');
    await jwks.resolver(`${base}/b`);
    assert.equal(hits.get('/b'), 2, '/b was evicted and is fetched again');
  });

  it('fetches a set again after maxAgeMs, and on an unknown kid only after the cooldown', async () => {
    const now = { ms: 0 };
    const jwks = cache(now);
    await jwks.resolver(`${base}/d`);
    await jwks.resolver(`${base}/d`, true);
    assert.equal(hits.get('/d'), 1, 'inside the cooldown an unknown kid does not refetch');
    now.ms = 10_000;
    await jwks.resolver(`${base}/d`, true);
    assert.equal(hits.get('/d'), 2);
    now.ms = 69_999;
    await jwks.resolver(`${base}/d`);
    assert.equal(hits.get('/d'), 2);
    now.ms = 70_000;
    await jwks.resolver(`${base}/d`);
    assert.equal(hits.get('/d'), 3, 'older than maxAgeMs');
  });

  it('shares one request among concurrent fetches of one URL', async () => {
    const jwks = cache({ ms: 0 });
    await Promise.all(Array.from({ length: 10 }, () => jwks.resolver(`${base}/e`)));
    assert.equal(hits.get('/e'), 1);
  });

  it('reports a failed fetch as JwksUriError, and fetches again only after the cooldown', async () => {
    const now = { ms: 0 };
    const jwks = cache(now);
    for (const path of ['/missing', '/html', '/huge']) {
      await assert.rejects(jwks.resolver(`${base}${path}`), JwksUriError);
      await assert.rejects(jwks.resolver(`${base}${path}`), JwksUriError);
      assert.equal(hits.get(path), 1, `${path}: the failure is remembered`);
    }
    now.ms = 10_000;
    await assert.rejects(jwks.resolver(`${base}/missing`), /HTTP 404/);
    assert.equal(hits.get('/missing'), 2);
    assert.equal(jwks.size, 0);
  });

  it('refuses a private address when the guard is on, before connecting', async () => {
    const jwks = new JwksUriCache(new OutboundHttp(new OutboundPolicy({ disallow_private_ip_ranges: true })), { maxEntries: 2, maxAgeMs: 1, refetchCooldownMs: 1, now: () => 0 });
    await assert.rejects(jwks.resolver(`${base}/guarded`), (error: unknown) => error instanceof JwksUriError && /no route to host/.test(error.message));
    assert.equal(hits.get('/guarded'), undefined);
  });
});
