import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/load.js';

const SECRET = 'a-system-secret-of-32-characters';

function refusal(env: Record<string, string>, flags: Record<string, unknown> = {}): string {
  try {
    loadConfig({ env: { SECRETS_SYSTEM: SECRET, ...env }, flags });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace in the message');
    return error.message;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

describe('invalid configuration is refused with the key, the value and what was expected', () => {
  it('a port that is not a number', () => {
    const message = refusal({ SERVE_PUBLIC_PORT: 'abc' });
    assert.match(message, /serve\.public\.port/);
    assert.match(message, /"abc"/);
    assert.match(message, /must be an integer/);
  });

  it('a port out of range', () => {
    const message = refusal({ SERVE_ADMIN_PORT: '70000' });
    assert.match(message, /serve\.admin\.port/);
    assert.match(message, /70000/);
    assert.match(message, /65535/);
  });

  it('a duration Go would not parse', () => {
    const message = refusal({ TTL_ACCESS_TOKEN: '1y' });
    assert.match(message, /ttl\.access_token/);
    assert.match(message, /"1y"/);
    assert.match(message, /must be a duration such as "1h", "30m"/);
    assert.doesNotMatch(message, /\^-\?/, 'the raw regular expression is not shown');
  });

  it('accepts the durations Hydra configs use', () => {
    for (const value of ['1h', '30m', '720h', '1h30m', '500ms', '10s', '0', '-1']) {
      const { config } = loadConfig({ env: { SECRETS_SYSTEM: SECRET, TTL_REFRESH_TOKEN: value } });
      assert.equal(config.ttl.refresh_token, value);
    }
  });

  it('takes ttl.refresh_token -1 as a number too (YAML `refresh_token: -1`), as Hydra\'s schema does', () => {
    assert.equal(loadConfig({ env: { SECRETS_SYSTEM: SECRET }, flags: { 'ttl.refresh_token': -1 } }).config.ttl.refresh_token, '-1');
    const message = refusal({}, { 'ttl.refresh_token': 5 });
    assert.match(message, /ttl\.refresh_token: value 5 must be a duration such as "720h", or -1 \(never expires\)/);
  });

  it('refuses a negative lifespan but ttl.refresh_token -1 (Hydra\'s durations have no sign)', () => {
    assert.match(refusal({ TTL_ACCESS_TOKEN: '-1' }), /ttl\.access_token: value "-1" must not be negative/);
    assert.match(refusal({ TTL_AUTH_CODE: '-10m' }), /ttl\.auth_code: value "-10m" must not be negative/);
    assert.match(refusal({ TTL_REFRESH_TOKEN: '-1h' }), /ttl\.refresh_token: value "-1h" must not be negative; only -1 means never expires/);
  });

  it('a value outside an enumeration lists the allowed ones', () => {
    const message = refusal({ STRATEGIES_ACCESS_TOKEN: 'foo' });
    assert.match(message, /strategies\.access_token/);
    assert.match(message, /"foo"/);
    assert.match(message, /opaque, jwt/);
  });

  it('a boolean that is not one', () => {
    const message = refusal({ OAUTH2_PKCE_ENFORCED: 'maybe' });
    assert.match(message, /oauth2\.pkce\.enforced/);
    assert.match(message, /"maybe"/);
    assert.match(message, /must be true or false/);
  });

  it('a URL that is not one', () => {
    const message = refusal({ URLS_LOGIN: 'not a url' });
    assert.match(message, /urls\.login/);
    assert.match(message, /must be a URL/);
  });

  it('takes the UI URLs as Hydra\'s uri-reference: a path is served on the public origin, a relative path is refused', () => {
    const { config } = loadConfig({
      env: { SECRETS_SYSTEM: SECRET, URLS_SELF_PUBLIC: 'https://auth.example.com/prefix/', URLS_LOGIN: '/ui/login', URLS_CONSENT: 'https://consent.example.com/c' },
      flags: {},
    });
    assert.equal(config.urls.login, 'https://auth.example.com/ui/login');
    assert.equal(config.urls.consent, 'https://consent.example.com/c');
    for (const value of ['ui/login', '//elsewhere.example.com/login']) {
      const message = refusal({ URLS_ERROR: value });
      assert.match(message, /urls\.error/);
      assert.match(message, /an absolute URL or a path starting with "\/"/);
    }
  });

  it('an unknown key', () => {
    const message = refusal({}, { 'serve.public.prot': 1 });
    assert.match(message, /serve\.public\.prot/);
    assert.match(message, /not a known configuration key/);
  });

  it('every problem at once, one per line', () => {
    const message = refusal({ SERVE_PUBLIC_PORT: 'abc', TTL_ID_TOKEN: 'soon' });
    assert.match(message, /serve\.public\.port/);
    assert.match(message, /ttl\.id_token/);
    assert.ok(message.split('\n').length >= 3);
  });

  it('a log level that does not exist', () => {
    const message = refusal({ LOG_LEVEL: 'loud' });
    assert.match(message, /log\.level/);
    assert.match(message, /"loud"/);
    assert.match(message, /debug/);
  });
});
