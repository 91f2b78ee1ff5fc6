/**
 * Keys of Hydra's configuration that cannot matter to Tessera. Set to anything but its default,
 * such a key costs one warning naming it (key-support.ts) and the process starts: a Hydra config
 * file moves over unchanged, and its owner learns the key does nothing here. A key names its
 * whole subtree. The value completes "<key> is set, but ...".
 */
export const MEANINGLESS_KEYS: Readonly<Record<string, string>> = {
  // GOMAXPROCS from cgroup quotas (Hydra cmd/server): Node.js runs one event loop per process.
  cgroups: 'Node.js has no GOMAXPROCS to fit to a cgroup quota; the key has no effect.',
  // Hydra's sqlx "unsafe" scans (driver/registry_sql.go): Tessera names the columns it reads.
  'db.ignore_unknown_table_columns': 'Tessera reads named columns and ignores any other; the key has no effect.',
  // Hydra uses these only in its telemetry (cmd/server/handler.go sqa); Tessera sends none.
  'urls.self.admin': 'Hydra reads it only for its telemetry, which Tessera does not send; the key has no effect.',
  'serve.public.base_url': 'Hydra reads it only for its telemetry, which Tessera does not send; the key has no effect.',
  'serve.admin.base_url': 'Hydra reads it only for its telemetry, which Tessera does not send; the key has no effect.',
  // Logging (docs/observability.md): nothing sensitive is ever logged, so nothing is revealed or redacted.
  'log.leak_sensitive_values':
    'Tessera never logs header values, query values, bodies, tokens or secrets; the key has no effect (see docs/observability.md).',
  'log.redaction_text': 'Tessera never logs a sensitive value, so no redaction text is ever written; the key has no effect.',
  'log.additional_redacted_headers': 'Tessera never logs header values; the key has no effect.',
  // Hydra reads legacy_allow_insecure_origins but uses it only in the Ory Network; other flags are unknown.
  feature_flags: 'Tessera has no feature flags (legacy_allow_insecure_origins only acts in the Ory Network); the key has no effect.',
  // Hydra reads it only in internal/kratos Authenticate, the resource owner password grant, which a
  // Hydra server registers only when embedded as a library (hydra-contract.md §1); Tessera has no such grant.
  'urls.identity_provider.publicUrl':
    'Hydra uses it only for the resource owner password credentials grant, which neither a Hydra server nor Tessera offers; the key has no effect.',
  // Hydra v1's switch for fosite's legacy error fields; current Hydra has no such key (GetUseLegacyErrorFormat).
  'oauth2.include_legacy_error_fields': 'Tessera answers errors in one fixed shape (error, error_description, error_hint, status_code); the key has no effect.',
};
