/**
 * The address ranges and the exception globs of clients.http.*, without a network: which
 * addresses each policy refuses (ory/x ipx + code.dny.dev/ssrf v0.2.0), and how exception URLs
 * match (gobwas/glob with '.' and '/' as separators, as ory/x httpx/ssrf.go compiles them).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addressRefusal } from '../../../src/http/outbound/ip-ranges.js';
import { compileUrlGlob, GlobSyntaxError } from '../../../src/http/outbound/url-glob.js';
import { OutboundPolicy } from '../../../src/http/outbound/outbound-policy.js';
import { ConfigError } from '../../../src/config/config-error.js';

const PRIVATE = [
  '127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', '0.1.2.3',
  '100.64.0.1', '100.127.255.254', '192.0.0.8', '192.0.2.1', '198.18.0.1', '198.51.100.7', '203.0.113.9', '224.0.0.1', '239.1.1.1',
  '240.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1',
  '::ffff:10.0.0.1', '::ffff:169.254.169.254', '64:ff9b::7f00:1', '::127.0.0.1', '2001:db8::1', '2002:7f00:1::1', '2001::1',
];
const PUBLIC = ['8.8.8.8', '1.1.1.1', '93.184.215.14', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450::1', '::ffff:8.8.8.8'];

describe('outbound address ranges', () => {
  it('refuses every private, loopback, link-local, unspecified, shared, reserved and documentation address under `public`', () => {
    for (const address of PRIVATE) assert.ok(addressRefusal(address, 'public'), `${address} must be refused`);
    for (const address of PUBLIC) assert.equal(addressRefusal(address, 'public'), undefined, `${address} is public`);
  });

  it('lets an excepted URL reach exactly RFC 1918, loopback, 169.254/16, ::1 and fc00::/7, IPv4-mapped included', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '172.16.5.5', '192.168.0.1', '169.254.169.254', '::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:192.168.0.1', '8.8.8.8']) {
      assert.equal(addressRefusal(address, 'internal'), undefined, `${address} is reachable when excepted`);
    }
    for (const address of ['0.0.0.0', '100.64.0.1', '224.0.0.1', '::', 'fe80::1', '64:ff9b::7f00:1', '2001:db8::1']) {
      assert.ok(addressRefusal(address, 'internal'), `${address} stays refused when excepted`);
    }
  });

  it('fails closed on what is not an IP address', () => {
    for (const address of [undefined, '', 'localhost', 'fe80::1%lo', '1.2.3.4.5']) assert.ok(addressRefusal(address, 'public'), String(address));
  });

  it('names the range in the refusal, for the operator', () => {
    assert.match(addressRefusal('169.254.169.254', 'public')!, /169\.254\.0\.0\/16/);
    assert.match(addressRefusal('::ffff:127.0.0.1', 'public')!, /127\.0\.0\.0\/8/);
    assert.match(addressRefusal('fe80::1', 'public')!, /2000::\/3/);
  });
});

describe('private_ip_exception_urls matching', () => {
  it("matches like Hydra's globs: `*` stops at '.' and '/', `**` does not", () => {
    const one = compileUrlGlob('http://127.0.0.1:4000/exception/*');
    assert.ok(one('http://127.0.0.1:4000/exception/foo'));
    assert.ok(!one('http://127.0.0.1:4000/exception/foo/bar'));
    assert.ok(!one('http://127.0.0.1:4000/foo'));
    assert.ok(!one('http://127.0.0.1:4000/exception/a.b'));
    const any = compileUrlGlob('https://**.internal/hooks/**');
    assert.ok(any('https://a.b.internal/hooks/x/y.json'));
    assert.ok(!any('https://a.b.internal.evil.example/hooks/x'));
    const host = compileUrlGlob('https://*.svc/x');
    assert.ok(host('https://rp.svc/x'));
    assert.ok(!host('https://rp.evil.svc/x'), '* does not cross a dot');
  });

  it('reads ?, classes, negated classes, ranges, alternatives and escapes', () => {
    assert.ok(compileUrlGlob('http://h/?')('http://h/a'));
    assert.ok(!compileUrlGlob('http://h/?')('http://h//'));
    assert.ok(compileUrlGlob('http://h/[ab]')('http://h/b'));
    assert.ok(!compileUrlGlob('http://h/[!ab]')('http://h/b'));
    assert.ok(compileUrlGlob('http://h/[a-c]x')('http://h/bx'));
    assert.ok(compileUrlGlob('http://{a,b.c}/x')('http://b.c/x'));
    assert.ok(!compileUrlGlob('http://{a,b.c}/x')('http://c/x'));
    assert.ok(compileUrlGlob('http://h/\\*')('http://h/*'));
    assert.ok(!compileUrlGlob('http://h/\\*')('http://h/a'));
  });

  it('treats a literal URL as an exact, case-sensitive match, IPv6 brackets included', () => {
    const literal = compileUrlGlob('http://[::1]:8080/hook');
    assert.ok(literal('http://[::1]:8080/hook'));
    assert.ok(!literal('http://[::1]:8080/hook2'));
    assert.ok(!compileUrlGlob('http://rp.example/Hook')('http://rp.example/hook'));
  });

  it('refuses a malformed glob at start, naming the entry', () => {
    assert.throws(() => compileUrlGlob('http://h/{a,b'), GlobSyntaxError);
    assert.throws(() => compileUrlGlob('http://h/[ab'), GlobSyntaxError);
    assert.throws(
      () => new OutboundPolicy({ disallow_private_ip_ranges: true, private_ip_exception_urls: ['http://ok/', 'http://h/{x'] }),
      (error: unknown) => error instanceof ConfigError && /clients\.http\.private_ip_exception_urls\.1/.test(error.message),
    );
  });

  it('decides per URL, without query or fragment, and nothing when the setting is off', () => {
    const policy = new OutboundPolicy({ disallow_private_ip_ranges: true, private_ip_exception_urls: ['http://127.0.0.1:4000/bc', 'http://rp.test'] });
    assert.equal(policy.policyFor(new URL('http://127.0.0.1:4000/bc?x=1#f'), 'http://127.0.0.1:4000/bc?x=1#f'), 'internal');
    assert.equal(policy.policyFor(new URL('http://127.0.0.1:4000/bc/more')), 'public');
    assert.equal(policy.policyFor(new URL('http://rp.test'), 'http://rp.test'), 'internal', "Go keeps the URL as written: no '/' added");
    assert.equal(policy.policyFor(new URL('http://rp.test/')), 'public');
    assert.equal(new OutboundPolicy({ private_ip_exception_urls: ['http://x/'] }).policyFor(new URL('http://127.0.0.1/')), undefined);
    assert.equal(new OutboundPolicy().guarded, false);
  });
});
