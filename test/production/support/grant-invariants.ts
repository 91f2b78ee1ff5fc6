/**
 * What the token tables must never hold, however a process died: each invariant is one SQL query
 * that returns the offending rows (none, when it holds). They read the tables only, so they
 * check any database Tessera wrote, whichever process wrote it. Strict refresh rotation (no
 * grace period) is assumed, as configured by default.
 */
import { sql } from 'kysely';
import type { Database } from '../../../src/persistence/database.js';

export const GRANT_INVARIANTS: Record<string, string> = {
  'a used code issued no access token': `
    SELECT c.signature FROM hydra_oauth2_code c
    WHERE c.active <> 1
      AND NOT EXISTS (SELECT 1 FROM hydra_oauth2_access a WHERE a.request_id = c.request_id)`,
  'an unused code already issued tokens': `
    SELECT c.signature FROM hydra_oauth2_code c
    WHERE c.active = 1
      AND EXISTS (SELECT 1 FROM hydra_oauth2_access a WHERE a.request_id = c.request_id)`,
  'an access token of a code grant with offline access has no refresh token': `
    SELECT a.signature FROM hydra_oauth2_access a
    WHERE EXISTS (SELECT 1 FROM hydra_oauth2_code c WHERE c.request_id = a.request_id)
      AND (a.granted_scope LIKE '%offline_access%' OR a.granted_scope LIKE '%offline%')
      AND NOT EXISTS (SELECT 1 FROM hydra_oauth2_refresh r WHERE r.access_token_signature = a.signature)`,
  'a refresh token without the access token issued with it': `
    SELECT r.signature FROM hydra_oauth2_refresh r
    WHERE r.access_token_signature IS NULL
      OR NOT EXISTS (SELECT 1 FROM hydra_oauth2_access a WHERE a.signature = r.access_token_signature)`,
  'a refresh token without a code that started its grant': `
    SELECT r.signature FROM hydra_oauth2_refresh r
    WHERE NOT EXISTS (SELECT 1 FROM hydra_oauth2_code c WHERE c.request_id = r.request_id AND c.active <> 1)`,
  'a grant with two live refresh tokens': `
    SELECT request_id FROM hydra_oauth2_refresh WHERE active = 1 GROUP BY request_id HAVING COUNT(*) > 1`,
  'a rotated refresh token without a successor': `
    SELECT r.signature FROM hydra_oauth2_refresh r
    WHERE r.active = 0
      AND (r.first_used_at IS NULL OR r.used_times < 1
        OR NOT EXISTS (SELECT 1 FROM hydra_oauth2_refresh n
                       WHERE n.request_id = r.request_id AND n.signature <> r.signature AND n.requested_at >= r.requested_at))`,
  'a live access token of a grant whose refresh token was rotated after it': `
    SELECT a.signature FROM hydra_oauth2_access a
    JOIN hydra_oauth2_refresh r ON r.access_token_signature = a.signature
    WHERE a.active = 1 AND r.active = 0`,
  'a flow in an unknown state': `
    SELECT id FROM hydra_oauth2_flow
    WHERE state NOT IN ('login_initialized', 'login_accepted', 'login_rejected', 'login_failed',
      'consent_initialized', 'consent_accepted', 'consent_rejected', 'consent_failed', 'consent_used')`,
  'a flow whose step secrets do not match its state': `
    SELECT id FROM hydra_oauth2_flow
    WHERE (login_verifier IS NULL) <> (state = 'login_initialized')
      OR (consent_challenge IS NOT NULL) <> (state LIKE 'consent%')
      OR (consent_verifier IS NOT NULL) <> (state IN ('consent_accepted', 'consent_rejected', 'consent_used', 'consent_failed'))
      OR (state IN ('login_accepted', 'consent_initialized', 'consent_accepted', 'consent_used') AND subject IS NULL)`,
};

/** Every invariant that does not hold, with the rows that break it. */
export async function brokenInvariants(database: Database): Promise<Record<string, unknown[]>> {
  const broken: Record<string, unknown[]> = {};
  for (const [name, query] of Object.entries(GRANT_INVARIANTS)) {
    const { rows } = await sql.raw(query).execute(database.db);
    if (rows.length > 0) broken[name] = rows;
  }
  return broken;
}
