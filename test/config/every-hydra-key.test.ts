/**
 * "No setting silently ignored", key by key: for EVERY leaf key of Hydra's configuration schema
 * (hydra-config-keys.ts), a valid value other than its default is set, once in a config file and
 * once as its environment variable, and the loader must either keep it (the key is in IMPLEMENTED
 * below: Tessera reads it), refuse it naming the key (src/config/unsupported-keys.ts), or load it
 * with one warning naming the key (src/config/meaningless-keys.ts). A key in none of the three
 * fails the test, and so does a key of Tessera's own schema that is in none of them.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, type LoadedConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { environmentKeys } from '../../src/config/environment.js';
import { UNSUPPORTED_KEYS } from '../../src/config/unsupported-keys.js';
import { MEANINGLESS_KEYS } from '../../src/config/meaningless-keys.js';
import { HYDRA_KEYS, type HydraKey } from './hydra-config-keys.js';

const SECRET = 'a-system-secret-of-32-characters';

/** Hydra keys Tessera reads (where, in brackets), each checked below to keep the value set. */
const IMPLEMENTED = new Set([
  // persistence/dsn.ts, --dev (config/finish.ts), secrets (crypto, flow cookies, pagination)
  'dsn', 'dev', 'secrets.system', 'secrets.cookie', 'secrets.pagination',
  // log (http/logger.ts)
  'log.level', 'log.format',
  // listeners (server.ts, http/listener-security.ts, http/cors/, http/unix-socket.ts, http/log-controller.ts)
  ...['public', 'admin'].flatMap((listener) => [
    ...['port', 'host', 'socket.owner', 'socket.group', 'socket.mode', 'request_log.disable_for_health'].map((k) => `serve.${listener}.${k}`),
    ...['enabled', 'key', 'cert', 'allow_termination_from'].map((k) => `serve.${listener}.tls.${k}`),
    ...['enabled', 'allowed_origins', 'allowed_methods', 'allowed_headers', 'exposed_headers', 'allow_credentials', 'options_passthrough', 'max_age', 'debug'].map(
      (k) => `serve.${listener}.cors.${k}`,
    ),
  ]),
  'serve.tls.enabled', 'serve.tls.key', 'serve.tls.cert', 'serve.tls.allow_termination_from',
  // cookies (flow/flow-cookies.ts, flow/login-session-cookie.ts)
  'serve.cookies.same_site_mode', 'serve.cookies.domain', 'serve.cookies.secure',
  'serve.cookies.names.login_csrf', 'serve.cookies.names.consent_csrf', 'serve.cookies.names.session', 'serve.cookies.paths.session',
  // urls (config/finish.ts, oauth2/discovery.ts, registry/flows.ts)
  'urls.self.issuer', 'urls.self.public', 'urls.login', 'urls.consent', 'urls.logout', 'urls.error', 'urls.post_logout_redirect', 'urls.registration',
  // Ory Kratos session disabling at logout (session/identity-provider-logout.ts, registry/flows.ts)
  'urls.identity_provider.url', 'urls.identity_provider.headers',
  // ttl (registry/tokens.ts, registry/flows.ts, janitor)
  'ttl.access_token', 'ttl.refresh_token', 'ttl.id_token', 'ttl.auth_code', 'ttl.login_consent_request', 'ttl.authentication_session',
  // oauth2 (http error renderers, registry/tokens.ts, registry/registry.ts, authorize/pkce.ts, grants/client-credentials.ts)
  'oauth2.expose_internal_errors', 'oauth2.session.encrypt_at_rest',
  'oauth2.hashers.algorithm', 'oauth2.hashers.bcrypt.cost', 'oauth2.hashers.pbkdf2.iterations',
  // enforced_for_public_clients: Tessera always requires PKCE of public clients (RFC 9700 §2.1.1).
  'oauth2.pkce.enforced', 'oauth2.pkce.enforced_for_public_clients',
  'oauth2.client_credentials.default_grant_allowed_scope',
  'oauth2.grant.refresh_token.rotation_grace_period', 'oauth2.grant.refresh_token.rotation_grace_reuse_count',
  // grants/jwt-bearer.ts (registry/tokens.ts)
  'oauth2.grant.jwt.jti_optional', 'oauth2.grant.jwt.iat_optional', 'oauth2.grant.jwt.max_ttl', 'oauth2.grant.jwt.omit_assertion_audience',
  // JWT access token claim shaping (oauth2/tokens/access-token-claims.ts, registry/tokens.ts)
  'oauth2.allowed_top_level_claims', 'oauth2.mirror_top_level_claims', 'oauth2.preserve_ext_claims', 'oauth2.exclude_not_before_claim',
  // token hooks (oauth2/hooks/, registry/tokens.ts)
  'oauth2.token_hook', 'oauth2.refresh_token_hook',
  // strategies (core/scope-strategy.ts, oauth2/tokens/)
  'strategies.access_token', 'strategies.scope', 'strategies.jwt.scope_claim',
  // oidc (client/, session/subject-identifier, discovery)
  'oidc.subject_identifiers.supported_types', 'oidc.subject_identifiers.pairwise.salt', 'oidc.dynamic_client_registration.default_scope',
  // dynamic client registration (client/dynamic-registration.ts, oauth2/discovery.ts)
  'oidc.dynamic_client_registration.enabled', 'webfinger.oidc_discovery.client_registration_url',
  // verifiable credentials (oauth2/credentials/, registry/tokens.ts)
  'ttl.vc_nonce', 'webfinger.oidc_discovery.verifiable_credentials_url',
  // webfinger (jwk/routes.ts, oauth2/discovery.ts)
  'webfinger.jwks.broadcast_keys',
  ...['jwks_url', 'token_url', 'auth_url', 'userinfo_url', 'supported_claims', 'supported_scope'].map((k) => `webfinger.oidc_discovery.${k}`),
  // RFC 8628 device authorization (oauth2/device/, registry/device.ts, flow/flow-cookies.ts, oauth2/discovery.ts)
  'oauth2.device_authorization.token_polling_interval', 'oauth2.device_authorization.user_code', 'ttl.device_user_code',
  'urls.device.verification', 'urls.device.success', 'serve.cookies.names.device_csrf', 'webfinger.oidc_discovery.device_authorization_url',
  // The outbound request guard (being implemented beside this work, issue 9).
  'clients.http.disallow_private_ip_ranges', 'clients.http.private_ip_exception_urls',
  // Asks for no telemetry, which is what Tessera always does (it sends none).
  'sqa.opt_out',
  // Checked against Hydra's SemVer pattern; no other effect, as in Hydra.
  'version',
]);

/** Keys of Tessera's schema that Hydra's does not have, and that Tessera reads. */
const TESSERA_ONLY_IMPLEMENTED = new Set([
  'serve.admin.auth.enabled', 'serve.admin.auth.bearer_tokens', 'serve.admin.auth.scope',
  // A colleague's key (strategies.jwt.access_token_profile: hydra | rfc9068), counted once it lands in schema.ts.
  'strategies.jwt.access_token_profile',
]);

/** Values that the generic rules in sample() would not make valid or telling. */
const SAMPLES: Record<string, unknown> = {
  dsn: 'postgres://tessera@db.example.com:5432/tessera',
  'secrets.system': ['another-system-secret-0123456789'],
  'secrets.cookie': ['a-cookie-secret-0123456789abcdef'],
  'secrets.pagination': ['a-paging-secret-0123456789abcdef'],
  'serve.public.port': 9444,
  'serve.admin.port': 9445,
  'serve.public.host': '127.0.0.1',
  'serve.admin.host': '127.0.0.1',
  'urls.self.issuer': 'https://auth.example.com/',
  'urls.self.public': 'https://public.example.com/',
  'oidc.subject_identifiers.supported_types': ['public', 'pairwise'],
  'oidc.subject_identifiers.pairwise.salt': 'a-salt-of-some-length',
  'version': 'v2.2.0',
  'tracing.providers.jaeger.local_agent_address': '127.0.0.1:6831',
  'tracing.providers.otlp.server_url': 'localhost:4318',
  'oauth2.device_authorization.user_code': { entropy_preset: 'low' },
  'urls.identity_provider.headers': { 'X-Api-Key': 'some-value' },
  'oauth2.token_hook': 'https://hooks.example.com/token',
  'oauth2.refresh_token_hook': 'https://hooks.example.com/refresh',
  'ttl.refresh_token': '-1',
  'webfinger.jwks.broadcast_keys': ['hydra.jwt.access-token'],
};
for (const listener of ['public', 'admin', '']) {
  const prefix = listener ? `serve.${listener}` : 'serve';
  SAMPLES[`${prefix}.tls.key`] = { path: '/etc/tessera/tls.key' };
  SAMPLES[`${prefix}.tls.cert`] = { base64: 'LS0tLS1CRUdJTg==' };
  SAMPLES[`${prefix}.tls.allow_termination_from`] = ['10.0.0.0/8'];
  if (listener) {
    SAMPLES[`${prefix}.cors.allowed_origins`] = ['https://app.example.com'];
    SAMPLES[`${prefix}.cors.allowed_methods`] = ['GET'];
  }
}

/** Settings a sample needs beside it to be valid (Hydra requires a salt with pairwise). */
const COMPANIONS: Record<string, Record<string, unknown>> = {
  'oidc.subject_identifiers.supported_types': { 'oidc.subject_identifiers.pairwise.salt': 'a-salt-of-some-length' },
};

function sample(key: HydraKey): unknown {
  if (key.key in SAMPLES) return SAMPLES[key.key];
  if (key.type === 'boolean') return !(key.default ?? false);
  if (key.enum) return key.enum.find((value) => value !== key.default);
  if (key.duration) return '90s';
  if (key.format) return `https://example.com/${key.key.replace(/\./g, '/')}`;
  if (key.type === 'integer') return typeof key.default === 'number' ? key.default + 1 : 7;
  if (key.type === 'number') return 0.5;
  if (key.type === 'array') return ['some-item'];
  if (key.type === 'string') return 'some-value';
  assert.fail(`no sample value for ${key.key}: add one to SAMPLES`);
}

function listedUnder(key: string, list: Readonly<Record<string, string>>): boolean {
  const parts = key.split('.');
  return parts.some((_, i) => parts.slice(0, i + 1).join('.') in list);
}

type Verdict = 'implemented' | 'refused' | 'warned';

function verdictOf(key: string, implemented: Set<string>): Verdict[] {
  const verdicts: Verdict[] = [];
  if (implemented.has(key)) verdicts.push('implemented');
  if (listedUnder(key, UNSUPPORTED_KEYS)) verdicts.push('refused');
  if (listedUnder(key, MEANINGLESS_KEYS)) verdicts.push('warned');
  return verdicts;
}

function nest(settings: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const [dotted, value] of Object.entries(settings)) {
    const parts = dotted.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) node = node[part] ??= {};
    node[parts.at(-1)!] = value;
  }
  return root;
}

function pick(config: unknown, key: string): unknown {
  return key.split('.').reduce<any>((node, part) => node?.[part], config);
}

function environmentValue(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const dir = mkdtempSync(join(tmpdir(), 'tessera-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Loads the settings from a file (JSON is YAML) or from their environment variables. */
function load(given: Record<string, unknown>, form: 'file' | 'environment'): LoadedConfig | ConfigError {
  const settings = { 'secrets.system': [SECRET], ...given };
  try {
    if (form === 'file') {
      const file = join(dir, `config-${files++}.yaml`);
      writeFileSync(file, JSON.stringify(nest(settings)));
      return loadConfig({ files: [file], env: {} });
    }
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(settings)) env[key.replace(/\./g, '_').toUpperCase()] = environmentValue(value);
    return loadConfig({ env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

function assertVerdict(key: string, value: unknown, verdict: Verdict, form: 'file' | 'environment'): void {
  const what = `${key} = ${JSON.stringify(value)} (${form})`;
  const result = load({ [key]: value, ...COMPANIONS[key] }, form);
  if (verdict === 'refused') {
    assert.ok(result instanceof ConfigError, `${what}: expected a refusal`);
    assert.match(result.message, new RegExp(`^  ${key.replace(/\./g, '\\.')}(\\.[\\w.]+)?:.* is not supported by Tessera yet \\(planned: `, 'm'), what);
    return;
  }
  assert.ok(!(result instanceof ConfigError), `${what}: refused: ${(result as ConfigError).message}`);
  const naming = result.warnings.filter((warning) => warning.startsWith(`${key} is set, but `));
  if (verdict === 'warned') {
    assert.equal(naming.length, 1, `${what}: expected one warning naming it, got ${JSON.stringify(result.warnings)}`);
    return;
  }
  assert.equal(naming.length, 0, `${what}: warned`);
  assert.deepEqual(pick(result.config, key), value, `${what}: the value did not reach the configuration`);
}

describe("every key of Hydra's configuration works, is refused, or warns", () => {
  it('classifies each Hydra key exactly once', () => {
    const problems = HYDRA_KEYS.map(({ key }) => [key, verdictOf(key, IMPLEMENTED)] as const)
      .filter(([, verdicts]) => verdicts.length !== 1)
      .map(([key, verdicts]) => `${key}: ${verdicts.length === 0 ? 'neither implemented, refused nor warned' : verdicts.join(' and ')}`);
    assert.deepEqual(problems, []);
  });

  it("classifies each key of Tessera's own schema too", () => {
    const hydra = new Set(HYDRA_KEYS.map(({ key }) => key));
    const leaves: string[] = [];
    const walk = (node: Record<string, any>, path: string[]) => {
      if (node.properties && !node.oneOf && !node.anyOf) {
        for (const [name, child] of Object.entries(node.properties as Record<string, any>)) walk(child, [...path, name]);
      } else {
        leaves.push(path.join('.'));
      }
    };
    walk(configSchema, []);
    const implemented = new Set([...IMPLEMENTED, ...TESSERA_ONLY_IMPLEMENTED]);
    // Below a Hydra leaf (serve.tls.key.path under serve.tls.key) is that leaf's own shape.
    const underHydra = (key: string) => key.split('.').some((_, i, parts) => hydra.has(parts.slice(0, i + 1).join('.')));
    const unknown = leaves.filter((key) => !underHydra(key) && verdictOf(key, implemented).length !== 1);
    assert.deepEqual(unknown, []);
  });

  it('names every Hydra key with one environment variable, as configx does', () => {
    const names = environmentKeys(configSchema);
    for (const { key } of HYDRA_KEYS) {
      const entry = names.get(key.replace(/\./g, '_').toUpperCase());
      assert.deepEqual(entry?.path, key.split('.'), `no environment variable for ${key}`);
    }
  });

  for (const form of ['file', 'environment'] as const) {
    it(`sets each Hydra key to a value other than its default (${form}) and gets its verdict`, () => {
      // Every key is tried, and every wrong verdict reported at once.
      const problems: string[] = [];
      for (const hydraKey of HYDRA_KEYS) {
        try {
          const [verdict] = verdictOf(hydraKey.key, IMPLEMENTED);
          assert.ok(verdict, `${hydraKey.key} is not classified`);
          assertVerdict(hydraKey.key, sample(hydraKey), verdict, form);
        } catch (error) {
          problems.push((error as Error).message.split('\n')[0]!);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  it('starts with every unsupported or meaningless key at its default, as written by a Hydra user', () => {
    // Without a schema default, Go reads an absent key as its zero value: that value is written here.
    // (An empty string is no valid URL or enumeration value, in Hydra either, so those stay unset.)
    const zero: Record<string, unknown> = { boolean: false, integer: 0, number: 0, array: [], object: {} };
    const defaults = Object.fromEntries(
      HYDRA_KEYS.filter(({ key }) => verdictOf(key, IMPLEMENTED)[0] !== 'implemented')
        .map(({ key, default: value, type }) => [key, value ?? zero[type]])
        .filter(([, value]) => value !== undefined),
    );
    // Fewer as keys get implemented (issue 11 took the JWT grant, registration and request objects off).
    assert.ok(Object.keys(defaults).length > 10);
    for (const form of ['file', 'environment'] as const) {
      const result = load(defaults, form);
      assert.ok(!(result instanceof ConfigError), `${form}: ${(result as ConfigError).message}`);
      assert.deepEqual(result.warnings, [], form);
    }
  });

  it('reads the device authorization settings from the environment, a "preset or length and set" choice included', () => {
    const { config } = loadConfig({ env: {
      SECRETS_SYSTEM: SECRET,
      TTL_DEVICE_USER_CODE: '1h',
      OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_LENGTH: '8',
      OAUTH2_DEVICE_AUTHORIZATION_USER_CODE_CHARACTER_SET: 'ABCDEFGHJK',
    } });
    assert.equal(config.ttl.device_user_code, '1h');
    assert.deepEqual(config.oauth2.device_authorization?.user_code, { length: 8, character_set: 'ABCDEFGHJK' });
  });

  it('reaches inside sections and "URL or section" choices from the environment, as configx', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ TRACING_PROVIDER: 'jaeger' }, 'tracing.provider'],
      [{ TRACING_PROVIDERS_OTLP_AUTHORIZATION_HEADER: 'Bearer secret-value' }, 'tracing.providers.otlp.authorization_header'],
      [{ HSM_ENABLED: 'true' }, 'hsm.enabled'],
      [{ HSM_PIN: '123456' }, 'hsm.pin'],
    ];
    for (const [env, key] of cases) {
      let message = '';
      try {
        loadConfig({ env: { SECRETS_SYSTEM: SECRET, ...env } });
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        message = error.message;
      }
      assert.match(message, new RegExp(`^  ${key.replace(/\./g, '\\.')}:.* is not supported by Tessera yet`, 'm'), JSON.stringify(env));
      for (const secret of ['secret-value', 'hook-secret', '123456', 'idp-secret']) assert.ok(!message.includes(secret), `${secret} echoed`);
    }
  });
});
