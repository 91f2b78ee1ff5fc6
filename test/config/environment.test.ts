import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.js';

const SECRET = 'a-system-secret-of-32-characters';
const load = (env: Record<string, string>) => loadConfig({ env: { SECRETS_SYSTEM: SECRET, ...env } }).config;

describe('config from environment variables (Hydra names)', () => {
  it('maps SERVE_PUBLIC_PORT and SERVE_ADMIN_PORT to integers', () => {
    const config = load({ SERVE_PUBLIC_PORT: '9444', SERVE_ADMIN_PORT: '9445' });
    assert.equal(config.serve.public.port, 9444);
    assert.equal(config.serve.admin.port, 9445);
  });

  it('maps URLS_SELF_ISSUER and derives urls.self.public from it', () => {
    const config = load({ URLS_SELF_ISSUER: 'https://auth.example.com' });
    assert.equal(config.urls.self.issuer, 'https://auth.example.com');
    assert.equal(config.urls.self.public, 'https://auth.example.com/');
  });

  it('reads SECRETS_SYSTEM as a comma list: the first signs, the rest rotate out', () => {
    const config = load({ SECRETS_SYSTEM: `${SECRET}, an-older-secret-still-valid` });
    assert.deepEqual(config.secrets.system, [SECRET, 'an-older-secret-still-valid']);
    assert.deepEqual(config.secrets.cookie, config.secrets.system, 'secrets.cookie defaults to secrets.system');
    assert.deepEqual(config.secrets.pagination, config.secrets.system);
  });

  it('reads SECRETS_SYSTEM as a JSON array too', () => {
    const config = load({ SECRETS_SYSTEM: JSON.stringify([SECRET, 'an-older-secret-still-valid']) });
    assert.equal(config.secrets.system.length, 2);
  });

  it('maps durations, booleans and enums', () => {
    const config = load({
      TTL_ACCESS_TOKEN: '5m',
      OAUTH2_PKCE_ENFORCED: 'true',
      STRATEGIES_ACCESS_TOKEN: 'jwt',
      LOG_LEVEL: 'debug',
      OAUTH2_GRANT_REFRESH_TOKEN_ROTATION_GRACE_PERIOD: '10s',
    });
    assert.equal(config.ttl.access_token, '5m');
    assert.equal(config.oauth2.pkce.enforced, true);
    assert.equal(config.strategies.access_token, 'jwt');
    assert.equal(config.log.level, 'debug');
    assert.equal(config.oauth2.grant.refresh_token.rotation_grace_period, '10s');
  });

  it('maps keys whose own names hold underscores', () => {
    const config = load({
      SERVE_PUBLIC_CORS_ALLOWED_ORIGINS: 'https://a.example,https://b.example',
      OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise',
      OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: 'a-salt-of-some-length',
      OAUTH2_CLIENT_CREDENTIALS_DEFAULT_GRANT_ALLOWED_SCOPE: '1',
    });
    assert.deepEqual(config.serve.public.cors.allowed_origins, ['https://a.example', 'https://b.example']);
    assert.deepEqual(config.oidc.subject_identifiers.supported_types, ['public', 'pairwise']);
    assert.equal(config.oauth2.client_credentials.default_grant_allowed_scope, true);
  });

  it('refuses pairwise subjects with a salt under 8 characters, as Hydra, unless access tokens are JWTs', () => {
    assert.throws(() => load({ OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise', OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT: 'short' }), /pairwise\.salt/);
    assert.throws(() => load({ OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'pairwise' }), /pairwise\.salt/);
    load({ OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: 'public,pairwise', STRATEGIES_ACCESS_TOKEN: 'jwt' });
  });

  it('takes a list item by item, as configx does (SECRETS_SYSTEM_0, SERVE_PUBLIC_CORS_ALLOWED_ORIGINS_1)', () => {
    const config = load({
      SECRETS_SYSTEM_0: 'the-first-secret-0123456789',
      SECRETS_SYSTEM_1: 'an-older-secret-still-valid',
      SERVE_PUBLIC_CORS_ALLOWED_ORIGINS: 'https://a.example,https://b.example',
      SERVE_PUBLIC_CORS_ALLOWED_ORIGINS_1: 'https://c.example',
      SERVE_PUBLIC_CORS_ALLOWED_ORIGINS_2: 'https://d.example',
    });
    assert.deepEqual(config.secrets.system, ['the-first-secret-0123456789', 'an-older-secret-still-valid']);
    assert.deepEqual(config.serve.public.cors.allowed_origins, ['https://a.example', 'https://c.example', 'https://d.example']);
  });

  it('accepts the v1 alias PUBLIC_HOST, but SERVE_PUBLIC_HOST wins when both are set', () => {
    assert.equal(load({ PUBLIC_HOST: '127.0.0.2' }).serve.public.host, '127.0.0.2');
    assert.equal(load({ ADMIN_PORT: '7445' }).serve.admin.port, 7445);
    const both = load({ PUBLIC_HOST: '127.0.0.2', SERVE_PUBLIC_HOST: '127.0.0.3' });
    assert.equal(both.serve.public.host, '127.0.0.3');
  });

  it('applies Hydra defaults when nothing is set', () => {
    const config = load({});
    assert.equal(config.serve.public.port, 4444);
    assert.equal(config.serve.admin.port, 4445);
    assert.equal(config.ttl.access_token, '1h');
    assert.equal(config.ttl.refresh_token, '720h');
    assert.equal(config.strategies.access_token, 'opaque');
    assert.equal(config.oauth2.hashers.algorithm, 'pbkdf2');
    assert.equal(config.serve.cookies.names.session, 'ory_hydra_session');
  });

  it('ignores unrelated variables that happen to name a section (DB, LOG, SERVE)', () => {
    const config = load({ DB: 'postgres', LOG: 'yes', SERVE: 'x', PATH: '/usr/bin', HOME: '/root' });
    assert.equal(config.serve.public.port, 4444);
  });

  it('returns a frozen configuration', () => {
    const config = load({});
    assert.throws(() => {
      (config.serve.public as { port: number }).port = 1;
    }, TypeError);
  });
});
