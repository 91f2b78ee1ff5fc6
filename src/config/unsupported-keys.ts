/**
 * Keys of Hydra's configuration (spec/config.json) that Tessera does not implement yet. Set to
 * anything but its default (file, flag or environment), such a key stops every command that
 * loads the configuration (key-support.ts): a Hydra setting must either work or say that it does
 * not, never be accepted and ignored. A key names its whole subtree (`tracing` covers
 * `tracing.provider`, ...). The value says where the feature is planned; when it lands, deleting
 * its line here turns the refusal into the feature.
 */
export const UNSUPPORTED_KEYS: Readonly<Record<string, string>> = {
  // Issue 12: the RFC 8628 device authorization grant.
  'oauth2.device_authorization': 'issue 12, the device authorization grant',
  'urls.device': 'issue 12, the device authorization grant',
  'ttl.device_user_code': 'issue 12, the device authorization grant',
  'serve.cookies.names.device_csrf': 'issue 12, the device authorization grant',
  'webfinger.oidc_discovery.device_authorization_url': 'issue 12, the device authorization grant',
  // Issue 12: token hooks (Hydra oauth2/token_hook.go).
  'oauth2.token_hook': 'issue 12, token hooks',
  'oauth2.refresh_token_hook': 'issue 12, token hooks',
  // Issue 12: custom claims in access tokens (Hydra oauth2/handler.go, fosite's JWT strategy).
  'oauth2.allowed_top_level_claims': 'issue 12, top-level access token claims',
  'oauth2.mirror_top_level_claims': 'issue 12, top-level access token claims',
  'oauth2.preserve_ext_claims': 'issue 12, top-level access token claims',
  'oauth2.exclude_not_before_claim': 'issue 12, the nbf claim of access tokens',
  // Later: a second cookie without SameSite for old browsers (Hydra consent/csrf.go).
  'serve.cookies.same_site_legacy_workaround': 'later, the SameSite legacy cookie workaround',
  // Later: OpenID for Verifiable Credential Issuance (Hydra's /credentials, draft-00).
  'ttl.vc_nonce': 'later, verifiable credentials',
  'webfinger.oidc_discovery.verifiable_credentials_url': 'later, verifiable credentials',
  // Later, perhaps never: OpenTelemetry tracing export.
  tracing: 'later, perhaps never: tracing export',
  // Later, perhaps never: keys in a PKCS#11 hardware security module.
  hsm: 'later, perhaps never: hardware security modules',
  // Perhaps never: Go pprof; Node.js profiles with --cpu-prof / --heap-prof instead.
  profiling: 'perhaps never: use node --cpu-prof or --heap-prof',
};
