/** The validated configuration, shaped as the schema in schema.ts with its defaults applied. */
export interface CorsConfig {
  enabled: boolean;
  allowed_origins: string[];
  allowed_methods: string[];
  allowed_headers: string[];
  exposed_headers: string[];
  allow_credentials: boolean;
  options_passthrough: boolean;
  max_age: number;
  debug: boolean;
}

/** serve.admin.auth: Tessera's admin API authentication (src/http/admin-auth/). */
export interface AdminAuthConfig {
  enabled: boolean;
  bearer_tokens: string[];
  scope: string;
}

export interface TlsConfig {
  enabled?: boolean;
  key?: { path?: string; base64?: string };
  cert?: { path?: string; base64?: string };
  allow_termination_from?: string[];
}

export interface ListenerConfig {
  port: number;
  host: string;
  base_url?: string;
  /** mode: permission bits, already read as octal digits by finishSocketModes (finish.ts). */
  socket: { owner: string; group: string; mode: number };
  cors: CorsConfig;
  tls?: TlsConfig;
  request_log: { disable_for_health: boolean };
}

/** Hydra's HookConfig (driver/config/provider.go): a URL, or {url, auth: {type: api_key, config}}. */
export type HookConfig =
  | string
  | { url: string; auth?: { type: 'api_key'; config: { name: string; value: string; in?: 'header' | 'cookie' } } };

export interface TesseraConfig {
  serve: {
    public: ListenerConfig;
    admin: ListenerConfig & { auth: AdminAuthConfig };
    tls?: TlsConfig;
    cookies: {
      same_site_mode: 'Strict' | 'Lax' | 'None';
      same_site_legacy_workaround: boolean;
      domain?: string;
      secure?: boolean;
      names: { login_csrf: string; consent_csrf: string; device_csrf: string; session: string };
      paths: { session: string };
    };
  };
  dsn: string;
  secrets: { system: string[]; cookie: string[]; pagination: string[] };
  urls: {
    self: { issuer: string; public: string; admin?: string };
    login?: string;
    consent?: string;
    logout?: string;
    error?: string;
    post_logout_redirect?: string;
    registration?: string;
    device: { verification?: string; success?: string };
    /** Ory Kratos (Hydra internal/kratos): its admin URL is told when a login session ends. */
    identity_provider?: { url?: string; publicUrl?: string; headers?: Record<string, string> };
  };
  ttl: {
    access_token: string;
    refresh_token: string;
    id_token: string;
    auth_code: string;
    login_consent_request: string;
    authentication_session: string;
    device_user_code: string;
    vc_nonce: string;
  };
  oauth2: {
    expose_internal_errors: boolean;
    /** Hydra's token hooks (src/oauth2/hooks/): a URL, or a section with url and auth. */
    token_hook?: HookConfig;
    refresh_token_hook?: HookConfig;
    session: { encrypt_at_rest: boolean };
    hashers: { algorithm: 'pbkdf2' | 'bcrypt'; bcrypt: { cost: number }; pbkdf2: { iterations: number } };
    pkce: { enforced: boolean; enforced_for_public_clients: boolean };
    client_credentials: { default_grant_allowed_scope: boolean };
    grant: {
      refresh_token: { rotation_grace_period: string; rotation_grace_reuse_count: number };
      /** RFC 7523 assertions (src/oauth2/grants/jwt-bearer.ts). */
      jwt: { jti_optional: boolean; iat_optional: boolean; max_ttl: string; omit_assertion_audience: boolean };
    };
    allowed_top_level_claims?: string[];
    mirror_top_level_claims: boolean;
    preserve_ext_claims: boolean;
    exclude_not_before_claim: boolean;
    /** RFC 8628 (src/oauth2/device/): the polling interval, and the user code's alphabet and length. */
    device_authorization?: {
      token_polling_interval?: string;
      user_code?: { entropy_preset?: 'high' | 'medium' | 'low'; length?: number; character_set?: string };
    };
  };
  strategies: {
    access_token: 'opaque' | 'jwt';
    scope: 'exact' | 'wildcard' | 'DEPRECATED_HIERARCHICAL_SCOPE_STRATEGY';
    jwt: { scope_claim: 'list' | 'string' | 'both'; access_token_profile: 'hydra' | 'rfc9068' };
  };
  oidc: {
    subject_identifiers: { supported_types: string[]; pairwise?: { salt?: string } };
    dynamic_client_registration: { enabled: boolean; default_scope?: string[] };
  };
  webfinger: {
    jwks: { broadcast_keys: string[] };
    oidc_discovery: {
      jwks_url?: string;
      token_url?: string;
      auth_url?: string;
      userinfo_url?: string;
      client_registration_url?: string;
      device_authorization_url?: string;
      verifiable_credentials_url?: string;
      supported_claims?: string[];
      supported_scope?: string[];
    };
  };
  /** Outbound requests to registered URLs (src/http/outbound/). */
  clients?: { http?: { disallow_private_ip_ranges?: boolean; private_ip_exception_urls?: string[] } };
  log: { level: string; format: 'json' | 'json_pretty' | 'text'; leak_sensitive_values: boolean };
  dev: boolean;
}
