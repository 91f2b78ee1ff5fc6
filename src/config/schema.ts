/**
 * The single source of truth for Tessera's configuration: keys, types, defaults and docs.
 * Keys, nesting and environment names follow Hydra's `spec/config.json`, so that a Hydra
 * config file or environment moves over unchanged (a dot in a key is an underscore in its
 * environment variable: `urls.self.issuer` is `URLS_SELF_ISSUER`).
 */
import { DURATION_PATTERN } from './duration.js';

type Schema = Record<string, unknown>;

const duration = (def: string, description: string): Schema => ({
  type: 'string',
  pattern: DURATION_PATTERN,
  default: def,
  description,
});
const url = (description: string): Schema => ({ type: 'string', format: 'uri', description });
/** A URL, or a path on the public origin (`/ui/login`), as Hydra's `format: uri-reference` allows. */
const uiUrl = (description: string): Schema => ({ type: 'string', format: 'uri-reference', minLength: 1, description });
const stringList: Schema = { type: 'array', items: { type: 'string' } };

/** Hydra's `version` pattern (spec/config.json): SemVer prefixed with v. */
export const VERSION_PATTERN =
  '^v(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';

/** rs/cors: "Only one wildcard can be used per origin." */
export const ONE_WILDCARD_AT_MOST = '^[^*]*\\*?[^*]*$';

/**
 * Hydra's CORS block (oryx/configx/cors.schema.json), with the defaults Hydra applies in code
 * (driver/config/serve.go defaultCORSOptions): an empty allowed_origins list allows every origin.
 */
const cors: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: false },
    allowed_origins: {
      type: 'array',
      items: { type: 'string', minLength: 1, pattern: ONE_WILDCARD_AT_MOST },
      default: [],
      description: 'Origins allowed cross-origin; "*" or an empty list allows all; one wildcard per origin (https://*.example.com).',
    },
    allowed_methods: { ...stringList, default: ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'HEAD', 'OPTIONS', 'TRACE'] },
    allowed_headers: {
      ...stringList,
      default: ['Accept', 'Content-Type', 'Content-Length', 'Accept-Language', 'Content-Language', 'Authorization'],
    },
    exposed_headers: {
      ...stringList,
      default: ['Cache-Control', 'Expires', 'Last-Modified', 'Pragma', 'Content-Length', 'Content-Language', 'Content-Type'],
    },
    allow_credentials: { type: 'boolean', default: true },
    options_passthrough: { type: 'boolean', default: false },
    max_age: { type: 'integer', minimum: 0, default: 0 },
    debug: { type: 'boolean', default: false },
  },
};

/**
 * Tessera's admin API authentication (Hydra has none: ory/hydra#2041). Off by default, so that a
 * Hydra deployment moves over unchanged; see docs/cors-and-admin-auth.md.
 */
const adminAuth: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: false, description: 'Require a bearer token on every admin request but health checks.' },
    bearer_tokens: {
      type: 'array',
      items: { type: 'string', minLength: 32 },
      default: [],
      description: 'Static admin tokens (at least 32 characters each), compared in constant time.',
    },
    scope: {
      type: 'string',
      minLength: 1,
      pattern: '^[^\\s]+$',
      default: 'hydra.admin',
      description: 'The scope an access token issued by this server must carry to be accepted on the admin API.',
    },
  },
};

const keyOrCert: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { path: { type: 'string' }, base64: { type: 'string' } },
};

const tls: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    key: keyOrCert,
    cert: keyOrCert,
    allow_termination_from: {
      type: 'array',
      items: { type: 'string', pattern: '^[0-9a-fA-F.:]+/[0-9]{1,3}$' },
      description: 'CIDR ranges whose requests with X-Forwarded-Proto: https count as TLS.',
    },
  },
};

const listener = (port: number): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties: {
    port: { type: 'integer', minimum: 0, maximum: 65535, default: port },
    host: { type: 'string', default: '', description: 'Interface to bind, or unix:/path for a UNIX socket.' },
    base_url: url('The URL this listener is reached at, when it differs from the bind address.'),
    socket: {
      type: 'object',
      additionalProperties: false,
      properties: {
        owner: { type: 'string', default: '' },
        group: { type: 'string', default: '' },
        // Unix permission bits. `770` (YAML or env) and "0770" are read as octal digits; see
        // finishSocketModes in finish.ts for why.
        mode: {
          oneOf: [
            { type: 'integer', minimum: 0, maximum: 777 },
            { type: 'string', pattern: '^[0-9]{1,4}$' },
          ],
          default: 0o755,
        },
      },
    },
    cors,
    tls,
    request_log: {
      type: 'object',
      additionalProperties: false,
      properties: { disable_for_health: { type: 'boolean', default: false } },
    },
  },
});

function withProperties(schema: Schema, extra: Schema): Schema {
  return { ...schema, properties: { ...(schema.properties as Schema), ...extra } };
}

const secretList = (description: string): Schema => ({
  type: 'array',
  items: { type: 'string', minLength: 16 },
  description,
});

/** Hydra's webhook_config: a URL, or {url, auth: {type: api_key, config: {in, name, value}}}. */
const hook: Schema = {
  'x-expected': 'must be a URL, or a section with url (and optionally auth)',
  oneOf: [
    { type: 'string', format: 'uri' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { type: 'string', format: 'uri' },
        auth: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'config'],
          properties: {
            type: { type: 'string', enum: ['api_key'] },
            config: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'value'],
              properties: { in: { type: 'string', enum: ['header', 'cookie'] }, name: { type: 'string' }, value: { type: 'string' } },
            },
          },
        },
      },
    },
  ],
};

const section = (properties: Schema): Schema => ({ type: 'object', additionalProperties: false, properties });
const sampling = (name: string): Schema => section({ [name]: { type: 'number' } });

/**
 * The sections Tessera does not implement yet, shaped as Hydra's schema (spec/config.json and
 * ory/x otelx/config.schema.json) so that their environment variables map as Hydra maps them;
 * unsupported-keys.ts then refuses any value but the default.
 */
const tracing: Schema = section({
  provider: { type: 'string', enum: ['jaeger', 'otel', 'zipkin'] },
  service_name: { type: 'string' },
  deployment_environment: { type: 'string' },
  providers: section({
    jaeger: section({
      local_agent_address: { type: 'string' },
      sampling: section({ server_url: { type: 'string', format: 'uri' }, trace_id_ratio: { type: 'number' } }),
    }),
    zipkin: section({ server_url: { type: 'string', format: 'uri' }, sampling: sampling('sampling_ratio') }),
    otlp: section({
      server_url: { type: 'string' },
      insecure: { type: 'boolean' },
      sampling: sampling('sampling_ratio'),
      authorization_header: { type: 'string' },
    }),
  }),
});

const hsm: Schema = section({
  enabled: { type: 'boolean' },
  library: { type: 'string' },
  pin: { type: 'string' },
  slot: { type: 'integer' },
  token_label: { type: 'string' },
  key_set_prefix: { type: 'string', default: '' },
});

/** oauth2.device_authorization.user_code: a preset, or a length and a character set (Hydra). */
const userCode: Schema = {
  type: 'object',
  'x-expected': 'must set entropy_preset (high, medium or low), or length (6 or more) and character_set (8 characters or more), not both',
  oneOf: [
    { additionalProperties: false, required: ['entropy_preset'], properties: { entropy_preset: { type: 'string', enum: ['high', 'medium', 'low'] } } },
    {
      additionalProperties: false,
      required: ['length', 'character_set'],
      properties: { length: { type: 'integer', minimum: 6 }, character_set: { type: 'string', minLength: 8 } },
    },
  ],
};

export const configSchema: Schema = {
  $id: 'https://tessera.dev/config.schema.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    serve: {
      type: 'object',
      additionalProperties: false,
      properties: {
        public: listener(4444),
        admin: withProperties(listener(4445), { auth: adminAuth }),
        tls,
        cookies: {
          type: 'object',
          additionalProperties: false,
          properties: {
            same_site_mode: { type: 'string', enum: ['Strict', 'Lax', 'None'], default: 'None' },
            same_site_legacy_workaround: { type: 'boolean', default: false },
            domain: { type: 'string' },
            secure: { type: 'boolean' },
            names: {
              type: 'object',
              additionalProperties: false,
              properties: {
                login_csrf: { type: 'string', default: 'ory_hydra_login_csrf' },
                consent_csrf: { type: 'string', default: 'ory_hydra_consent_csrf' },
                device_csrf: { type: 'string', default: 'ory_hydra_device_csrf' },
                session: { type: 'string', default: 'ory_hydra_session' },
              },
            },
            paths: {
              type: 'object',
              additionalProperties: false,
              properties: { session: { type: 'string', default: '/' } },
            },
          },
        },
      },
    },
    dsn: { type: 'string', description: 'memory, sqlite://, postgres://, cockroach:// or mysql://' },
    db: {
      type: 'object',
      additionalProperties: false,
      properties: { ignore_unknown_table_columns: { type: 'boolean', default: false } },
    },
    secrets: {
      type: 'object',
      additionalProperties: false,
      properties: {
        system: secretList('The first entry encrypts and signs; the others only decrypt and verify (rotation).'),
        cookie: secretList('Signs cookies; defaults to secrets.system.'),
        pagination: secretList('Encrypts page tokens; defaults to secrets.system.'),
      },
    },
    urls: {
      type: 'object',
      additionalProperties: false,
      properties: {
        self: {
          type: 'object',
          additionalProperties: false,
          properties: {
            issuer: url('The issuer URL; HTTPS unless --dev.'),
            public: url('The public URL clients reach.'),
            admin: url('The admin URL.'),
          },
        },
        // Hydra's schema says uri-reference for these: `/ui/login` is on the public origin (finish.ts).
        login: uiUrl('The login UI.'),
        consent: uiUrl('The consent UI.'),
        logout: uiUrl('The logout UI.'),
        error: uiUrl('The error UI.'),
        post_logout_redirect: uiUrl('Where users land after logout when the client names no URL.'),
        registration: url('The registration UI.'),
        device: {
          type: 'object',
          additionalProperties: false,
          properties: { verification: url('Device verification UI.'), success: url('Device success UI.') },
        },
        identity_provider: section({
          url: url('The admin URL of an Ory Kratos instance, told of logouts.'),
          publicUrl: url('The public URL of the Ory Kratos instance.'),
          headers: { type: 'object', additionalProperties: { type: 'string' } },
        }),
      },
    },
    ttl: {
      type: 'object',
      additionalProperties: false,
      properties: {
        access_token: duration('1h', 'Lifespan of access tokens.'),
        // Hydra's schema: a duration, or -1 / "-1" (YAML may write either) for never expires.
        refresh_token: {
          anyOf: [{ type: 'string', pattern: DURATION_PATTERN }, { enum: [-1] }],
          default: '720h',
          description: 'Lifespan of refresh tokens; -1 never expires.',
          'x-expected': 'must be a duration such as "720h", or -1 (never expires)',
        },
        id_token: duration('1h', 'Lifespan of ID tokens.'),
        auth_code: duration('10m', 'Lifespan of authorization codes.'),
        login_consent_request: duration('30m', 'Lifespan of login and consent requests.'),
        authentication_session: duration('720h', 'Lifespan of remembered login sessions.'),
        device_user_code: duration('10m', 'Lifespan of device user codes.'),
        vc_nonce: duration('1h', 'Lifespan of verifiable-credential nonces.'),
      },
    },
    oauth2: {
      type: 'object',
      additionalProperties: false,
      properties: {
        expose_internal_errors: { type: 'boolean', default: false },
        include_legacy_error_fields: { type: 'boolean', default: false },
        session: {
          type: 'object',
          additionalProperties: false,
          properties: { encrypt_at_rest: { type: 'boolean', default: true } },
        },
        hashers: {
          type: 'object',
          additionalProperties: false,
          properties: {
            algorithm: { type: 'string', enum: ['pbkdf2', 'bcrypt'], default: 'pbkdf2' },
            bcrypt: {
              type: 'object',
              additionalProperties: false,
              properties: { cost: { type: 'integer', minimum: 4, maximum: 31, default: 10 } },
            },
            pbkdf2: {
              type: 'object',
              additionalProperties: false,
              properties: { iterations: { type: 'integer', minimum: 1, default: 25000 } },
            },
          },
        },
        pkce: {
          type: 'object',
          additionalProperties: false,
          properties: {
            enforced: { type: 'boolean', default: false },
            enforced_for_public_clients: { type: 'boolean', default: false },
          },
        },
        client_credentials: {
          type: 'object',
          additionalProperties: false,
          properties: { default_grant_allowed_scope: { type: 'boolean', default: false } },
        },
        grant: {
          type: 'object',
          additionalProperties: false,
          properties: {
            refresh_token: {
              type: 'object',
              additionalProperties: false,
              properties: {
                rotation_grace_period: duration('0s', 'How long a used refresh token may be reused.'),
                rotation_grace_reuse_count: { type: 'integer', minimum: 0, default: 0 },
              },
            },
            jwt: section({
              jti_optional: { type: 'boolean', default: false },
              iat_optional: { type: 'boolean', default: false },
              max_ttl: duration('720h', 'Maximum age of an RFC 7523 assertion.'),
              omit_assertion_audience: { type: 'boolean', default: true },
            }),
          },
        },
        refresh_token_hook: hook,
        token_hook: hook,
        allowed_top_level_claims: stringList,
        mirror_top_level_claims: { type: 'boolean', default: true },
        preserve_ext_claims: { type: 'boolean', default: false },
        exclude_not_before_claim: { type: 'boolean', default: false },
        device_authorization: section({
          token_polling_interval: duration('5s', 'How often a device should poll the token endpoint.'),
          user_code: userCode,
        }),
      },
    },
    strategies: {
      type: 'object',
      additionalProperties: false,
      properties: {
        access_token: { type: 'string', enum: ['opaque', 'jwt'], default: 'opaque' },
        scope: { type: 'string', enum: ['exact', 'wildcard', 'DEPRECATED_HIERARCHICAL_SCOPE_STRATEGY'], default: 'wildcard' },
        jwt: {
          type: 'object',
          additionalProperties: false,
          properties: {
            scope_claim: { type: 'string', enum: ['list', 'string', 'both'], default: 'list' },
            // Tessera's own key (not in Hydra): rfc9068 issues RFC 9068 JWT access tokens
            // (src/oauth2/tokens/jwt-access-token-profile.ts); hydra keeps Hydra's shape.
            access_token_profile: {
              type: 'string',
              enum: ['hydra', 'rfc9068'],
              default: 'hydra',
              description: 'Shape of JWT access tokens: hydra (typ JWT, aud as requested) or rfc9068 (typ at+jwt, a scope string, aud never empty).',
            },
          },
        },
      },
    },
    oidc: {
      type: 'object',
      additionalProperties: false,
      properties: {
        subject_identifiers: {
          type: 'object',
          additionalProperties: false,
          properties: {
            supported_types: { type: 'array', items: { type: 'string', enum: ['public', 'pairwise'] }, default: ['public'] },
            pairwise: { type: 'object', properties: { salt: { type: 'string' } } },
          },
        },
        dynamic_client_registration: {
          type: 'object',
          additionalProperties: false,
          properties: {
            enabled: { type: 'boolean', default: false },
            default_scope: stringList,
          },
        },
      },
    },
    webfinger: {
      type: 'object',
      additionalProperties: false,
      properties: {
        jwks: {
          type: 'object',
          additionalProperties: false,
          properties: { broadcast_keys: { ...stringList, default: ['hydra.openid.id-token'] } },
        },
        oidc_discovery: {
          type: 'object',
          additionalProperties: false,
          properties: {
            jwks_url: url('Overrides jwks_uri in discovery.'),
            token_url: url('Overrides token_endpoint.'),
            auth_url: url('Overrides authorization_endpoint.'),
            device_authorization_url: url('Overrides device_authorization_endpoint.'),
            client_registration_url: url('Overrides registration_endpoint.'),
            userinfo_url: url('Overrides userinfo_endpoint.'),
            verifiable_credentials_url: url('Overrides credentials_endpoint.'),
            supported_claims: stringList,
            supported_scope: stringList,
          },
        },
      },
    },
    clients: {
      type: 'object',
      additionalProperties: false,
      properties: {
        http: {
          type: 'object',
          additionalProperties: false,
          properties: {
            disallow_private_ip_ranges: { type: 'boolean', default: false },
            private_ip_exception_urls: stringList,
          },
        },
      },
    },
    log: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: { type: 'string', enum: ['trace', 'debug', 'info', 'warning', 'warn', 'error', 'fatal', 'panic'], default: 'info' },
        format: { type: 'string', enum: ['json', 'json_pretty', 'text'], default: 'text' },
        leak_sensitive_values: { type: 'boolean', default: false },
        redaction_text: { type: 'string' },
        additional_redacted_headers: stringList,
      },
    },
    dev: { type: 'boolean', default: false },
    sqa: { type: 'object', properties: { opt_out: { type: 'boolean', default: false } } },
    tracing,
    profiling: { type: 'string', enum: ['cpu', 'mem', ''] },
    hsm,
    cgroups: section({ v1: section({ auto_max_procs_enabled: { type: 'boolean', default: false } }) }),
    // additionalProperties as in Hydra: a flag of a newer release still loads (and warns).
    feature_flags: { type: 'object', properties: { legacy_allow_insecure_origins: { type: 'boolean', default: false } } },
    // SemVer with a leading v, as Hydra's schema checks it; it has no other effect there either.
    version: { type: 'string', pattern: VERSION_PATTERN },
  },
};
