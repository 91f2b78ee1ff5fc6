/**
 * Keys of Hydra's configuration (spec/config.json) that Tessera does not implement yet. Set to
 * anything but its default (file, flag or environment), such a key stops every command that
 * loads the configuration (key-support.ts): a Hydra setting must either work or say that it does
 * not, never be accepted and ignored. A key names its whole subtree (`tracing` covers
 * `tracing.provider`, ...). The value says where the feature is planned; when it lands, deleting
 * its line here turns the refusal into the feature.
 */
export const UNSUPPORTED_KEYS: Readonly<Record<string, string>> = {
  // Later: a second cookie without SameSite for old browsers (Hydra consent/csrf.go).
  'serve.cookies.same_site_legacy_workaround': 'later, the SameSite legacy cookie workaround',
  // Later, perhaps never: OpenTelemetry tracing export.
  tracing: 'later, perhaps never: tracing export',
  // Later, perhaps never: keys in a PKCS#11 hardware security module.
  hsm: 'later, perhaps never: hardware security modules',
  // Perhaps never: Go pprof; Node.js profiles with --cpu-prof / --heap-prof instead.
  profiling: 'perhaps never: use node --cpu-prof or --heap-prof',
};
