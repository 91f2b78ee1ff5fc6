import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessServers } from '../support/serve-in-process.js';
import { terminationRanges } from '../../src/http/listener/termination-ranges.js';

const servers = new InProcessServers();
before(() => servers.prepare());
after(() => servers.remove());

const HTTPS = { 'x-forwarded-proto': 'https' };

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, { headers, redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

describe('TLS termination (serve.tls.allow_termination_from)', () => {
  it('serves a trusted proxy that says X-Forwarded-Proto: https, refuses the rest with 502, and always answers health', async () => {
    const server = await servers.start({ SERVE_TLS_ALLOW_TERMINATION_FROM: '10.0.0.0/8,127.0.0.0/8' });
    try {
      assert.match(server.publicUrl!, /^http:\/\//);
      const discovery = await get(`${server.publicUrl}/.well-known/openid-configuration`, HTTPS);
      assert.equal(discovery.status, 200);
      assert.match(discovery.body.issuer, /^https:\/\/localhost:\d+\/$/);
      assert.equal((await get(`${server.adminUrl}/admin/clients`, HTTPS)).status, 200);

      const missing = await get(`${server.publicUrl}/.well-known/openid-configuration`);
      assert.equal(missing.status, 502);
      assert.equal(missing.body.error, 'bad_gateway');
      assert.equal(missing.body.status_code, 502);
      assert.match(missing.body.error_description, /^can not serve request over insecure http/);
      assert.match(missing.body.error_hint, /X-Forwarded-Proto header is missing/);
      const http = await get(`${server.adminUrl}/clients`, { 'x-forwarded-proto': 'http' });
      assert.equal(http.status, 502);
      assert.match(http.body.error_hint, /to be https/);

      for (const path of ['/health/alive', '/health/ready']) assert.equal((await get(`${server.publicUrl}${path}`)).status, 200, path);
      for (const path of ['/health/alive', '/health/ready', '/admin/health/alive', '/admin/health/ready/']) {
        assert.equal((await get(`${server.adminUrl}${path}`)).status, 200, path);
      }
    } finally {
      await server.close();
    }
  });

  it('refuses 127.0.0.1 when only 10.0.0.0/8 is trusted, whatever X-Forwarded-For claims', async () => {
    const server = await servers.start({ SERVE_PUBLIC_TLS_ALLOW_TERMINATION_FROM: '10.0.0.0/8', SERVE_ADMIN_TLS_ALLOW_TERMINATION_FROM: '10.0.0.0/8' });
    try {
      const refused = await get(`${server.publicUrl}/.well-known/openid-configuration`, { ...HTTPS, 'x-forwarded-for': '10.1.2.3' });
      assert.equal(refused.status, 502);
      assert.match(refused.body.error_hint, /outside serve\.tls\.allow_termination_from/);
      assert.equal((await get(`${server.adminUrl}/admin/clients`, HTTPS)).status, 502);
      assert.equal((await get(`${server.publicUrl}/health/ready`)).status, 200);
      assert.equal((await get(`${server.adminUrl}/admin/health/alive`)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('matches IPv4, IPv6 and IPv4-mapped IPv6 addresses, and names a bad range', () => {
    const ranges = terminationRanges(['127.0.0.0/8', 'fd00::/8'], 'serve.tls.allow_termination_from');
    assert.ok(ranges.contains('127.0.0.1'));
    assert.ok(ranges.contains('::ffff:127.0.0.1'));
    assert.ok(ranges.contains('fd12::1'));
    assert.ok(!ranges.contains('10.0.0.1'));
    assert.ok(!ranges.contains('::ffff:10.0.0.1'));
    assert.ok(!ranges.contains('::1'));
    assert.ok(!ranges.contains(undefined));
    assert.ok(terminationRanges(['::ffff:10.0.0.0/104'], 'k').contains('10.9.8.7'));
    assert.throws(() => terminationRanges(['10.0.0.0/33'], 'serve.tls.allow_termination_from'), /serve\.tls\.allow_termination_from: "10\.0\.0\.0\/33" is not a CIDR range/);
    assert.throws(() => terminationRanges(['example.com/8'], 'k'), /is not a CIDR range/);
  });
});

describe('behind a routing gateway (urls.self.issuer with a path prefix)', () => {
  it('prints the gateway URL in discovery, the login redirect, request_url and the error page', async () => {
    const issuer = 'https://gateway.example.com/hydra/';
    const server = await servers.start({
      SERVE_TLS_ALLOW_TERMINATION_FROM: '127.0.0.0/8',
      URLS_SELF_ISSUER: issuer,
      URLS_LOGIN: 'https://login.example.com/login',
    });
    try {
      const discovery = (await get(`${server.publicUrl}/.well-known/openid-configuration`, HTTPS)).body;
      assert.equal(discovery.issuer, issuer);
      for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'end_session_endpoint', 'revocation_endpoint']) {
        assert.ok(String(discovery[key]).startsWith(issuer), `${key}: ${discovery[key]}`);
      }
      assert.equal(discovery.authorization_endpoint, `${issuer}oauth2/auth`);

      const clientId = `gateway-${Date.now()}`;
      const created = await fetch(`${server.adminUrl}/admin/clients`, {
        method: 'POST',
        headers: { ...HTTPS, 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: clientId, client_secret: 'gateway-client-secret', redirect_uris: ['https://app.example.com/cb'], scope: 'openid' }),
      });
      assert.equal(created.status, 201, await created.text());

      const query = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', state: 'state-0123456789', redirect_uri: 'https://app.example.com/cb' });
      const authorize = await get(`${server.publicUrl}/oauth2/auth?${query}`, HTTPS);
      assert.equal(authorize.status, 302);
      const login = new URL(authorize.headers.get('location')!);
      assert.equal(`${login.origin}${login.pathname}`, 'https://login.example.com/login');
      const challenge = login.searchParams.get('login_challenge')!;
      const request = await get(`${server.adminUrl}/admin/oauth2/auth/requests/login?login_challenge=${encodeURIComponent(challenge)}`, HTTPS);
      assert.equal(request.status, 200);
      assert.ok(request.body.request_url.startsWith(`${issuer}oauth2/auth?`), request.body.request_url);

      const unknown = await get(`${server.publicUrl}/oauth2/auth?client_id=nobody&response_type=code`, HTTPS);
      assert.equal(unknown.status, 302);
      assert.ok(unknown.headers.get('location')!.startsWith(`${issuer}oauth2/fallbacks/error?`), unknown.headers.get('location')!);
    } finally {
      await server.close();
    }
  });
});
