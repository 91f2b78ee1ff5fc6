/**
 * The configuration keys of CORS (Hydra's, with the defaults Hydra applies in
 * driver/config/serve.go) and of admin API authentication (Tessera's serve.admin.auth), from
 * files and from environment variables named by the usual mapping.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.js';

const SECRET = 'a-system-secret-of-32-characters';
const load = (env: Record<string, string>) => loadConfig({ env: { SECRETS_SYSTEM: SECRET, ...env } }).config;
const TOKEN = 'an-admin-token-of-at-least-32-characters';

describe('CORS and admin auth configuration', () => {
  it("defaults CORS to off on both listeners, with Hydra's lists", () => {
    const { serve } = load({});
    for (const cors of [serve.public.cors, serve.admin.cors]) {
      assert.equal(cors.enabled, false);
      assert.deepEqual(cors.allowed_origins, []);
      assert.deepEqual(cors.allowed_methods, ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'HEAD', 'OPTIONS', 'TRACE']);
      assert.deepEqual(cors.allowed_headers, ['Accept', 'Content-Type', 'Content-Length', 'Accept-Language', 'Content-Language', 'Authorization']);
      assert.deepEqual(cors.exposed_headers, ['Cache-Control', 'Expires', 'Last-Modified', 'Pragma', 'Content-Length', 'Content-Language', 'Content-Type']);
      assert.equal(cors.allow_credentials, true);
      assert.equal(cors.max_age, 0);
    }
  });

  it('defaults admin auth to off, no static token and the scope hydra.admin', () => {
    assert.deepEqual(load({}).serve.admin.auth, { enabled: false, bearer_tokens: [], scope: 'hydra.admin' });
  });

  it('reads SERVE_ADMIN_AUTH_ENABLED, SERVE_ADMIN_AUTH_BEARER_TOKENS (comma list) and SERVE_ADMIN_AUTH_SCOPE', () => {
    const config = load({
      SERVE_ADMIN_AUTH_ENABLED: 'true',
      SERVE_ADMIN_AUTH_BEARER_TOKENS: `${TOKEN},${TOKEN}-rotated`,
      SERVE_ADMIN_AUTH_SCOPE: 'tessera.admin',
      SERVE_ADMIN_CORS_ENABLED: 'true',
      SERVE_ADMIN_CORS_MAX_AGE: '60',
    });
    assert.deepEqual(config.serve.admin.auth, { enabled: true, bearer_tokens: [TOKEN, `${TOKEN}-rotated`], scope: 'tessera.admin' });
    assert.equal(config.serve.admin.cors.enabled, true);
    assert.equal(config.serve.admin.cors.max_age, 60);
  });

  it('refuses a short static token without echoing it, and auth on the public listener', () => {
    assert.throws(
      () => load({ SERVE_ADMIN_AUTH_BEARER_TOKENS: 'short-token-value' }),
      (error: Error) => /serve\.admin\.auth\.bearer_tokens\.0: must be at least 32 characters long/.test(error.message) && !error.message.includes('short-token-value'),
    );
    assert.throws(() => loadConfig({ env: { SECRETS_SYSTEM: SECRET }, flags: { 'serve.public.auth.enabled': true } }), /serve\.public\.auth: is not a known configuration key/);
    assert.throws(() => load({ SERVE_ADMIN_AUTH_SCOPE: 'two scopes' }), /serve\.admin\.auth\.scope/);
  });

  it('refuses an origin with two wildcards, as rs/cors allows only one', () => {
    assert.throws(() => load({ SERVE_PUBLIC_CORS_ALLOWED_ORIGINS: 'https://*.*.example.com' }), /allowed_origins\.0: .*at most one "\*" wildcard/);
  });
});
