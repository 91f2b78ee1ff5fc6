/**
 * The columns Hydra added to the tables the import reads after v2.0.0, and the value each holds
 * when a row was written before it existed (the migration's DEFAULT, NULL when none): a row
 * read from an older layout is completed with them, so that a kind maps the same row whatever
 * release wrote it. Facts from persistence/sql/migrations (docs/hydra-schema-versions.md has
 * the release of each). A table a release does not have at all (hydra_oauth2_device_auth_codes
 * before v25.4.0) holds no rows: ./import-hydra.ts copies nothing from it.
 */
import type { HydraRow } from './reader.js';

const NULLS = (...columns: string[]) => Object.fromEntries(columns.map((column) => [column, null]));

export const ADDED_SINCE_V2: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  hydra_client: {
    // 20230220000000000000 and 20230228000010000001 (v2.1.0): NOT NULL DEFAULT '' / false.
    access_token_strategy: '',
    skip_consent: false,
    // 20240129174410000001 (v2.2.0): NULL, "use the configured default".
    skip_logout_consent: null,
    // 20241609000001000000 (v25.4.0): NULL, "use the configured lifespan".
    ...NULLS(
      'device_authorization_grant_id_token_lifespan',
      'device_authorization_grant_access_token_lifespan',
      'device_authorization_grant_refresh_token_lifespan',
    ),
    // 20260122110909000000 (after v26.2.0).
    rotated_secrets: null,
  },
  // 20240403121110000001 (v2.3.0): expires_at NULL on the token tables.
  hydra_oauth2_access: NULLS('expires_at'),
  hydra_oauth2_code: NULLS('expires_at'),
  hydra_oauth2_oidc: NULLS('expires_at'),
  hydra_oauth2_pkce: NULLS('expires_at'),
  // v2.3.0: expires_at, first_used_at (20241014121000000000), access_token_signature
  // (20241129111700000000); v25.4.0: used_times (20250513132142000000).
  hydra_oauth2_refresh: NULLS('expires_at', 'first_used_at', 'access_token_signature', 'used_times'),
  // identity_provider_session_id 20230809122501000001 (v2.2.0), expires_at 20250610132310000001 (v25.4.0).
  hydra_oauth2_authentication_session: NULLS('identity_provider_session_id', 'expires_at'),
  hydra_oauth2_flow: {
    // 20230313112801000001 (v2.1.0): NOT NULL DEFAULT false.
    login_extend_session_lifespan: false,
    identity_provider_session_id: null,
    // 20241609000001000000 (v25.4.0): the device flow's columns, NULL outside it.
    ...NULLS('device_challenge_id', 'device_code_request_id', 'device_verifier', 'device_csrf', 'device_was_used'),
    ...NULLS('device_handled_at', 'device_error'),
    // 20251030112809000000 (v25.4.0): a generated column, requested_at + consent_remember_for
    // seconds when consent_remember_for > 0; NULL here, the kind computes it when it needs it.
    expires_at: null,
  },
  // 20240916105610000001 (v2.3.0).
  hydra_oauth2_logout_request: NULLS('expires_at', 'requested_at'),
};

/** `row` with every column `table` gained after v2.0.0 that `present` lacks, at Hydra's default. */
export function withHydraDefaults(table: string, row: HydraRow, present: ReadonlySet<string>): HydraRow {
  const added = ADDED_SINCE_V2[table];
  if (!added) return row;
  const missing = Object.keys(added).filter((column) => !present.has(column));
  if (missing.length === 0) return row;
  const completed: HydraRow = { ...row };
  for (const column of missing) completed[column] = added[column];
  return completed;
}
