import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig, type LoadOptions } from '../../src/config/load.js';

const SECRET = 'a-system-secret-of-32-characters';

function refused(options: LoadOptions): string {
  try {
    loadConfig(options);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail('expected the configuration to be refused');
}

describe('secrets.system', () => {
  it('refuses a secret shorter than 16 characters, without echoing it', () => {
    const message = refused({ env: { SECRETS_SYSTEM: 'short-secret' } });
    assert.match(message, /secrets\.system/);
    assert.match(message, /at least 16 characters/);
    assert.doesNotMatch(message, /short-secret/, 'a secret never reaches a message');
  });

  it('refuses a short rotated secret too', () => {
    const message = refused({ env: { SECRETS_SYSTEM: `${SECRET},tooshort` } });
    assert.match(message, /secrets\.system/);
    assert.doesNotMatch(message, /tooshort/);
  });

  it('refuses a missing secret without --dev, naming SECRETS_SYSTEM', () => {
    const message = refused({ env: {} });
    assert.match(message, /SECRETS_SYSTEM/);
    assert.match(message, /--dev/);
    assert.match(refused({ env: { SECRETS_SYSTEM: '' } }), /SECRETS_SYSTEM/);
  });

  it('generates a secret under --dev, with a warning', () => {
    const { config, warnings } = loadConfig({ env: {}, dev: true });
    assert.equal(config.secrets.system.length, 1);
    assert.ok(config.secrets.system[0]!.length >= 16);
    assert.deepEqual(config.secrets.cookie, config.secrets.system);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /secrets\.system/);
    const again = loadConfig({ env: {}, dev: true });
    assert.notEqual(again.config.secrets.system[0], config.secrets.system[0], 'a fresh secret per process');
  });

  it('keeps secrets.cookie when it is set on its own', () => {
    const cookie = 'a-cookie-secret-of-32-characters';
    const { config } = loadConfig({ env: { SECRETS_SYSTEM: SECRET, SECRETS_COOKIE: cookie } });
    assert.deepEqual(config.secrets.cookie, [cookie]);
    assert.deepEqual(config.secrets.pagination, [SECRET]);
  });
});

describe('urls.self.issuer must be HTTPS outside development (Hydra rule)', () => {
  const env = { SECRETS_SYSTEM: SECRET, URLS_SELF_ISSUER: 'http://auth.example.com/' };

  it('refuses an http issuer on a non-local host', () => {
    const message = refused({ env });
    assert.match(message, /urls\.self\.issuer/);
    assert.match(message, /http:\/\/auth\.example\.com\//);
    assert.match(message, /https/);
    assert.match(message, /--dev/);
    assert.match(message, /--dangerous-force-http/);
  });

  it('accepts it with --dev or with --dangerous-force-http', () => {
    assert.equal(loadConfig({ env, dev: true }).config.urls.self.issuer, 'http://auth.example.com/');
    assert.equal(loadConfig({ env, forceHttp: true }).config.urls.self.issuer, 'http://auth.example.com/');
  });

  it('accepts http on a loopback host, and https anywhere', () => {
    for (const issuer of ['http://127.0.0.1:4444/', 'http://localhost:4444', 'http://[::1]:4444/', 'https://auth.example.com']) {
      assert.doesNotThrow(() => loadConfig({ env: { SECRETS_SYSTEM: SECRET, URLS_SELF_ISSUER: issuer } }), issuer);
    }
  });

  it('defaults the issuer to the local public listener, over HTTPS unless --dev or --dangerous-force-http', () => {
    const { config } = loadConfig({ env: { SECRETS_SYSTEM: SECRET, SERVE_PUBLIC_PORT: '9999' } });
    assert.equal(config.urls.self.issuer, 'https://127.0.0.1:9999/');
    assert.equal(config.urls.self.public, 'https://127.0.0.1:9999/');
    for (const flags of [{ dev: true }, { forceHttp: true }]) {
      assert.equal(loadConfig({ env: { SECRETS_SYSTEM: SECRET, SERVE_PUBLIC_PORT: '9999' }, ...flags }).config.urls.self.issuer, 'http://127.0.0.1:9999/');
    }
  });
});
